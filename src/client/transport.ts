import ky, { isHTTPError, isTimeoutError, type KyInstance, type Options } from "ky";
import { ApiError } from "../errors/api-error.js";
import { ByokError } from "../errors/byok-error.js";
import { ConnectionError } from "../errors/connection-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { echoPath } from "../internal/safe-echo.js";
import { integerIn, MAX_RETRIES, MAX_TIMER_MS, type ResolvedClientOptions } from "./options.js";
import { UnexpectedResponse } from "./parse-response.js";
import { readBodyWithin } from "./read-body-within.js";
import {
  clientRetryOptions,
  mayHaveBeenApplied,
  type RetryPolicy,
  shouldRetryFor,
} from "./retry-policy.js";
import { safeCause } from "./safe-cause.js";
import { sendPrepared } from "./send-prepared.js";
import { safeRequestId, toApiError } from "./to-api-error.js";
import type { RequestOptions } from "./types.js";

/** One API call, as a resource describes it. */
export interface Call<T> {
  readonly method: string;
  /** From `routes`, ids already encoded. */
  readonly path: string;
  readonly query?: Record<string, string | number>;
  /** Sent as JSON. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly options: RequestOptions | undefined;
  /** Default `"safe"`; see {@link RetryPolicy}. */
  readonly retry?: RetryPolicy;
  /** Strings this call sent that must not come back in an error message. */
  readonly secrets?: readonly string[];
  /**
   * A DELETE whose earlier attempt may have succeeded: a later 404 means "already gone",
   * which is what the caller asked for, so it counts as success.
   */
  readonly notFoundAfterRetryIsSuccess?: boolean;
  /** Turns the JSON body of a 2xx answer (`undefined` when empty) into the result. */
  readonly parse: (body: unknown) => T;
}

/** What the hooks learn about one call while ky runs it. */
interface CallState {
  mayHaveBeenApplied: boolean;
}

/**
 * Sends calls through ky, configured once per client: the bearer token in default headers,
 * retries, timeouts. Turns every failure into one of byokit's errors. The token lives only in
 * ky's defaults, out of reach of `JSON.stringify` and `util.inspect`.
 */
export class Transport {
  readonly #ky: KyInstance;
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #fetch: typeof globalThis.fetch | undefined;
  /** Scrubbed from every error too: a server or proxy could echo the bearer it was sent. */
  readonly #token: string;

  constructor(options: ResolvedClientOptions) {
    this.#token = options.token;
    this.#baseUrl = options.baseUrl;
    this.#timeoutMs = options.timeoutMs;
    this.#maxRetries = options.maxRetries;
    // Everything common to all calls is set here once: ky merges per-call options into these
    // defaults on every request, so the fewer per-call options, the cheaper the call.
    this.#fetch = options.fetch;
    this.#ky = ky.create({
      headers: { authorization: `Bearer ${options.token}`, accept: "application/json" },
      retry: clientRetryOptions(options),
      timeout: options.timeoutMs,
      fetch: sendPrepared(options.fetch),
    });
  }

  async send<T>(call: Call<T>): Promise<T> {
    const signal = call.options?.signal;
    const state: CallState = { mayHaveBeenApplied: false };
    const { url, options, timeoutMs } = this.#prepare(call, signal, state);
    let response: Response | undefined;
    try {
      response = await this.#ky(url, options);
      const text = await readBodyWithin(response, timeoutMs, () => timedOut(call, timeoutMs));
      return call.parse(text === "" ? undefined : JSON.parse(text));
    } catch (error) {
      if (
        call.notFoundAfterRetryIsSuccess &&
        state.mayHaveBeenApplied &&
        isHTTPError(error) &&
        error.response.status === 404
      ) {
        return call.parse(undefined);
      }
      throw await this.#toError(error, call, signal, response, timeoutMs);
    }
  }

  /** The URL and the per-call ky options, holding only what differs from the defaults. */
  #prepare(
    call: Call<unknown>,
    signal: AbortSignal | undefined,
    state: CallState,
  ): { url: string; options: Options; timeoutMs: number } {
    const given = call.options;
    const issues: ValidationIssue[] = [];
    const timeoutMs = integerIn(
      "timeoutMs",
      given?.timeoutMs,
      this.#timeoutMs,
      1,
      MAX_TIMER_MS,
      issues,
    );
    const limit = integerIn(
      "maxRetries",
      given?.maxRetries,
      this.#maxRetries,
      0,
      MAX_RETRIES,
      issues,
    );
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      issues.push({ path: "signal", message: "must be an AbortSignal" });
    }
    if (issues.length > 0) throw new ValidationError(issues);

    // Keys are only set when present: ky merges an explicit `undefined` over its defaults.
    const options: Options = { method: call.method };
    if (given?.timeoutMs !== undefined) options.timeout = timeoutMs;
    if (call.retry === "unprocessed" || given?.maxRetries !== undefined) {
      options.retry = { limit, shouldRetry: shouldRetryFor(call.retry ?? "safe") };
    }
    if (call.notFoundAfterRetryIsSuccess) {
      options.hooks = {
        beforeRetry: [
          ({ error }) => {
            if (mayHaveBeenApplied(error)) state.mayHaveBeenApplied = true;
          },
        ],
      };
    }
    if (signal) options.signal = signal;
    if (call.headers) options.headers = call.headers;
    if (call.body !== undefined) {
      // Serialized once, here: the same text goes out on every attempt.
      const text = JSON.stringify(call.body);
      options.body = text;
      options.headers = { ...call.headers, "content-type": "application/json" };
      options.fetch = sendPrepared(this.#fetch, text);
    }
    // The query goes into the URL here: given `searchParams`, ky would build its Request twice.
    let url = this.#baseUrl + call.path;
    if (call.query) {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(call.query)) query.set(name, String(value));
      const text = query.toString();
      if (text) url += `?${text}`;
    }
    return { url, options, timeoutMs };
  }

  async #toError(
    error: unknown,
    call: Call<unknown>,
    signal: AbortSignal | undefined,
    response: Response | undefined,
    timeoutMs: number,
  ): Promise<unknown> {
    const { method } = call;
    // The id in the path is the caller's input: errors show only its safe prefix.
    const path = echoPath(call.path);
    const secrets = [...(call.secrets ?? []), this.#token];
    // The caller's abort wins over whatever it interrupted; its reason is theirs to recognise.
    if (signal?.aborted) return signal.reason;
    if (isHTTPError(error)) {
      return toApiError(error.response, method, path, secrets, timeoutMs);
    }
    if (isTimeoutError(error)) return timedOut(call, timeoutMs);
    if (error instanceof UnexpectedResponse || (response && error instanceof SyntaxError)) {
      const detail = error instanceof UnexpectedResponse ? error.message : "the body is not JSON";
      return new ApiError({
        status: response?.status ?? 0,
        type: "unexpected_response",
        detail,
        method,
        path,
        requestId: safeRequestId(response?.headers.get("x-request-id"), secrets),
      });
    }
    if (error instanceof ByokError) return error;
    // fetch rejects with a bare TypeError for refused, reset, DNS and CORS failures alike.
    return new ConnectionError(`${method} ${path} → network error or blocked by CORS`, {
      cause: safeCause(error, secrets),
    });
  }
}

function timedOut(call: Call<unknown>, timeoutMs: number): TimeoutError {
  return new TimeoutError(
    `${call.method} ${echoPath(call.path)} → no answer within ${timeoutMs} ms`,
  );
}
