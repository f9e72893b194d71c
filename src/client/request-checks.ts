import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { isProviderId, PROVIDER_IDS } from "../providers/ids.js";
import { isApiKeyId } from "../schemas/api-key-id.js";
import type { ProviderKeyListQuery } from "./types.js";

/** The largest page the API serves. */
export const MAX_PAGE_SIZE = 100;

/** An id that goes into a path: `encodeSegment` would refuse these with a plain TypeError. */
export function checkId(id: unknown, path = "id"): string {
  if (typeof id !== "string" || id === "" || id === "." || id === ".." || id.length > 200) {
    throw new ValidationError([{ path, message: "must be an id such as pk_…" }]);
  }
  return id;
}

/** An `Idempotency-Key` of the caller's: printable ASCII, so it is a valid header value. */
export function checkIdempotencyKey(key: unknown): string {
  if (typeof key !== "string" || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ValidationError([
      { path: "idempotencyKey", message: "must be 1 to 255 printable ASCII characters" },
    ]);
  }
  return key;
}

/**
 * The `If-Match` value for a record version: a number becomes the ETag `"<version>"`; an ETag
 * (`"3"`, `W/"3"`) passes as is, and a bare token is quoted.
 */
export function toIfMatch(version: unknown): string {
  if (typeof version === "number" && Number.isInteger(version) && version >= 0) {
    return `"${version}"`;
  }
  if (typeof version === "string") {
    if (/^(?:W\/)?"[\x21\x23-\x7e]*"$/.test(version)) return version;
    if (/^[\x21\x23-\x7e]{1,200}$/.test(version)) return `"${version}"`;
  }
  throw new ValidationError([
    { path: "ifMatch", message: "must be the record's version (a whole number) or its ETag" },
  ]);
}

/** The query string of a list call, checked: nothing is sent when one field is wrong. */
export function toListQuery(
  query: ProviderKeyListQuery | undefined,
): Record<string, string | number> {
  const issues: ValidationIssue[] = [];
  const out: Record<string, string | number> = {};
  if (query === undefined) return out;
  if (typeof query !== "object" || query === null) {
    throw new ValidationError([{ path: "", message: "must be an object of list options" }]);
  }
  const { limit, order_direction, start_key, provider, api_key_id } = query;
  if (limit !== undefined) {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      issues.push({ path: "limit", message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` });
    } else out.limit = limit;
  }
  if (order_direction !== undefined) {
    if (order_direction !== "ASC" && order_direction !== "DESC") {
      issues.push({ path: "order_direction", message: 'must be "ASC" or "DESC"' });
    } else out.order_direction = order_direction;
  }
  if (start_key !== undefined) {
    if (typeof start_key !== "string" || start_key === "" || start_key.length > 1024) {
      issues.push({ path: "start_key", message: "must be the last_key of a previous page" });
    } else out.start_key = start_key;
  }
  if (provider !== undefined) {
    if (!isProviderId(provider)) {
      issues.push({ path: "provider", message: `must be one of ${PROVIDER_IDS.join(", ")}` });
    } else out.provider = provider;
  }
  if (api_key_id !== undefined) {
    if (!isApiKeyId(api_key_id)) {
      issues.push({ path: "api_key_id", message: "must be an API key id such as key_…" });
    } else out.api_key_id = api_key_id;
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return out;
}
