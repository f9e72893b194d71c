/** Which browser origins may call: every origin (`true`), or an exact list. */
export type CorsOption = boolean | string | readonly string[];

const ALLOWED_METHODS = "GET, POST, PATCH, DELETE, OPTIONS";
const ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, If-Match, X-Request-Id";
const EXPOSED_HEADERS = "ETag, X-Request-Id, Retry-After, Location, Idempotent-Replayed";

/** The CORS policy of a server, checked once. */
export interface CorsPolicy {
  /** Whether a request from `origin` may read responses. */
  allows(origin: string): boolean;
}

export function corsPolicy(option: CorsOption | undefined): CorsPolicy | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true || option === "*") return { allows: () => true };
  const origins = new Set((typeof option === "string" ? [option] : option).map(normalizeOrigin));
  return { allows: (origin) => origins.has(normalizeOrigin(origin)) };
}

/** Headers for an actual (non-preflight) request from an allowed origin. */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Expose-Headers": EXPOSED_HEADERS,
    Vary: "Origin",
  };
}

/** Headers answering a preflight from an allowed origin. */
export function preflightHeaders(origin: string): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": ALLOWED_METHODS,
    "Access-Control-Allow-Headers": ALLOWED_HEADERS,
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}

function normalizeOrigin(origin: string): string {
  return origin.replace(/\/+$/, "").toLowerCase();
}
