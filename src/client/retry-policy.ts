import { isHTTPError, isTimeoutError, type RetryOptions } from "ky";
import type { ResolvedClientOptions } from "./options.js";
import { parseRetryAfter } from "./retry-after.js";

/**
 * Statuses worth another attempt: the request timed out, was rate limited, or the server or a
 * gateway in front of it failed. 501 and 505 are permanent, so they are not retried.
 */
export const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];

/** Statuses that prove the server did not act on the request, whatever the method. */
const UNPROCESSED_STATUSES = new Set([408, 429]);

/**
 * How a call may be retried:
 * - `"safe"`: repeating it cannot do harm (reads, creates carrying an `Idempotency-Key`,
 *   absolute-value edits, deletes, credential tests, resolution): retried after a network
 *   error and on every status of {@link RETRY_STATUSES}.
 * - `"unprocessed"`: retried only when the answer proves nothing was done (408, 429). An
 *   `If-Match` update is one: if its first attempt was applied and the answer lost, the retry
 *   would meet the new version and fail with 412, reporting a successful edit as a conflict.
 */
export type RetryPolicy = "safe" | "unprocessed";

/**
 * The client-wide ky retry options: exponential backoff from `retryDelayMs` with jitter,
 * `Retry-After` honoured on every retried status, both capped at `maxRetryDelayMs`. Timeouts
 * are not retried (ky's default): `timeoutMs` already bounds how long a caller waits.
 */
export function clientRetryOptions(options: ResolvedClientOptions): RetryOptions {
  const { retryDelayMs, maxRetryDelayMs } = options;
  return {
    limit: options.maxRetries,
    methods: ["get", "post", "patch", "delete"],
    statusCodes: RETRY_STATUSES,
    afterStatusCodes: RETRY_STATUSES,
    maxRetryAfter: maxRetryDelayMs,
    backoffLimit: maxRetryDelayMs,
    delay: (attempt) => retryDelayMs * 2 ** (attempt - 1),
    // Waits between 75% and 100% of the backoff, so clients that failed together spread out.
    jitter: (delay) => delay * (0.75 + Math.random() * 0.25),
    retryOnTimeout: false,
    shouldRetry: shouldRetryFor("safe"),
  };
}

type ShouldRetry = NonNullable<RetryOptions["shouldRetry"]>;

/**
 * ky's `shouldRetry` for a policy: `false` stops, `true` forces a plain backoff, `undefined`
 * leaves the decision (status list, `Retry-After`) to ky. A caller's abort needs no check
 * here: ky waits out the backoff on the caller's signal, which rejects at once.
 */
export function shouldRetryFor(policy: RetryPolicy): ShouldRetry {
  return policy === "safe" ? retrySafe : retryUnprocessed;
}

const retrySafe: ShouldRetry = ({ error }) => decide("safe", error);
const retryUnprocessed: ShouldRetry = ({ error }) => decide("unprocessed", error);

function decide(policy: RetryPolicy, error: Error): boolean | undefined {
  if (isHTTPError(error)) {
    const status = error.response.status;
    if (policy === "unprocessed" && !UNPROCESSED_STATUSES.has(status)) return false;
    // ky would wait its whole cap on a wait it cannot read, and not at all on a negative one;
    // back off normally instead.
    const wait = serverWait(error.response.headers);
    if (wait !== null && RETRY_STATUSES.includes(status) && parseRetryAfter(wait) === undefined) {
      return true;
    }
    return undefined;
  }
  if (isTimeoutError(error)) return undefined;
  // No answer at all: the server may or may not have acted on the request.
  return policy === "unprocessed" ? false : undefined;
}

/** The headers ky reads a server's requested wait from, in ky's order. */
const WAIT_HEADERS = [
  "retry-after",
  "ratelimit-reset",
  "x-ratelimit-retry-after",
  "x-ratelimit-reset",
  "x-rate-limit-reset",
];

/** The wait ky would honour: the first of {@link WAIT_HEADERS} present, or `null`. */
function serverWait(headers: Headers): string | null {
  for (const name of WAIT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) return value;
  }
  return null;
}

/** True when a failed attempt may have been carried out by the server before its answer was lost. */
export function mayHaveBeenApplied(error: unknown): boolean {
  // A network error or a timeout may strike after the server acted; a 5xx may come from a
  // gateway that lost the server's answer.
  return isHTTPError(error) ? error.response.status >= 500 : true;
}
