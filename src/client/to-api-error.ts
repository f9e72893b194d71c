import type { ApiError, ApiErrorParam } from "../errors/api-error.js";
import { createApiError } from "../errors/create-api-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { redactSecrets } from "../masking/redact.js";
import { readBodyWithin } from "./read-body-within.js";
import { parseRetryAfter } from "./retry-after.js";

/** Edgee's `error.type` per status, for answers whose body does not say (a proxy's HTML page). */
const DEFAULT_TYPES: Readonly<Record<number, string>> = {
  400: "invalid_request_error",
  401: "authentication_error",
  // Edgee's code for a usage limit; its older type list has no 402 entry.
  402: "usage_limit_exceeded",
  403: "forbidden_error",
  404: "not_found_error",
  409: "conflict_error",
  412: "precondition_failed_error",
  429: "rate_limit_error",
};

/** A server message longer than this is cut: an error message is a line, not a document. */
const MAX_DETAIL = 500;
const MAX_PARAMS = 20;

/**
 * Builds the typed error of an HTTP error answer from its status, Edgee's error envelope (any
 * of its three shapes, see {@link readErrorEnvelope}), `X-Request-Id` and `Retry-After`. Nothing else of the response (no header, no raw body)
 * reaches the error; the server's words are scrubbed of the secrets this call sent.
 */
export async function toApiError(
  response: Response,
  method: string,
  path: string,
  secrets: readonly string[],
  timeoutMs: number,
): Promise<ApiError> {
  const envelope = await readErrorEnvelope(response, timeoutMs);
  const status = response.status;
  const type =
    safeToken(envelope?.type, secrets) ??
    DEFAULT_TYPES[status] ??
    (status >= 500 ? "api_error" : "invalid_request_error");
  const code = safeToken(envelope?.code, secrets);
  const detail = typeof envelope?.message === "string" ? envelope.message.slice(0, MAX_DETAIL) : "";
  return createApiError({
    status,
    type,
    ...(code === undefined ? {} : { code }),
    detail: redactSecrets(detail, secrets),
    method,
    path,
    requestId: safeRequestId(response.headers.get("x-request-id"), secrets),
    params: paramsOf(envelope?.params, secrets),
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
  });
}

/**
 * The server's `X-Request-Id`, when it is one: visible ASCII, at most 200 characters, and
 * holding nothing this call sent (a hostile or broken server could echo the secret there,
 * and the id is shown as is in messages, JSON and `util.inspect`).
 */
export function safeRequestId(
  value: string | null | undefined,
  secrets: readonly string[],
): string | undefined {
  return typeof value === "string" && /^[\x21-\x7e]{1,200}$/.test(value) && isFreeOf(value, secrets)
    ? value
    : undefined;
}

/** A machine-readable `type` or `code` (`snake_case`, holding nothing this call sent), or `undefined`. */
function safeToken(value: unknown, secrets: readonly string[]): string | undefined {
  return typeof value === "string" && /^[a-z_]{1,64}$/.test(value) && isFreeOf(value, secrets)
    ? value
    : undefined;
}

/** True when `text` holds no 6-character fragment of `secrets` and no known credential shape. */
function isFreeOf(text: string, secrets: readonly string[]): boolean {
  return redactSecrets(text, secrets) === text;
}

/**
 * The error fields of Edgee's three documented bodies, as one shape:
 * `{ error: { type, message, params? } }` (Console API, older docs),
 * `{ error: { code, message } }` (current docs) and `{ error: "Unauthorized", message }`
 * (Console API setup page, 401 and 403), whose message sits beside `error`.
 */
async function readErrorEnvelope(
  response: Response,
  timeoutMs: number,
): Promise<Record<string, unknown> | undefined> {
  try {
    const text = await readBodyWithin(response, timeoutMs, () => new TimeoutError("error body"));
    const body = JSON.parse(text) as { error?: unknown; message?: unknown } | null;
    const error = body?.error;
    if (typeof error === "string") return { message: body?.message };
    return typeof error === "object" && error !== null && !Array.isArray(error)
      ? (error as Record<string, unknown>)
      : undefined;
  } catch {
    // Not JSON, lost, or too slow: the status alone still makes a typed error.
    return undefined;
  }
}

function paramsOf(value: unknown, secrets: readonly string[]): ApiErrorParam[] {
  if (!Array.isArray(value)) return [];
  const params: ApiErrorParam[] = [];
  for (const entry of value.slice(0, MAX_PARAMS)) {
    const { param, message } = (entry ?? {}) as { param?: unknown; message?: unknown };
    if (typeof param === "string" && typeof message === "string") {
      params.push({
        param: redactSecrets(param.slice(0, 200), secrets),
        message: redactSecrets(message.slice(0, MAX_DETAIL), secrets),
      });
    }
  }
  return params;
}
