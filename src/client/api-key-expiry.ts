import type { ApiKey } from "../providers/record.js";

/**
 * Edgee's `expires_at` for a key that never expires: Go's zero time, sent rather than omitted.
 * The records keep it as sent; {@link apiKeyExpiresAt} reads it.
 */
export const NEVER_EXPIRES = "0001-01-01T00:00:00Z";

/**
 * When a gateway API key expires: a `Date`; `null` when it never expires (Edgee's
 * `0001-01-01T00:00:00Z`, in any precision); `undefined` when the server did not say.
 *
 * @example
 * const expiry = apiKeyExpiresAt(apiKey);
 * console.log(expiry === null ? "never expires" : expiry?.toISOString() ?? "unknown");
 */
export function apiKeyExpiresAt(apiKey: {
  readonly expires_at?: ApiKey["expires_at"] | undefined;
}): Date | null | undefined {
  const value = apiKey.expires_at;
  if (typeof value !== "string") return undefined;
  // Any instant in year 1 is the zero time, whatever its fractional digits or offset.
  if (/^0001-01-01T/.test(value)) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}
