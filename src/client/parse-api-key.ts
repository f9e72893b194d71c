// Parsers of gateway API keys and organizations, loaded on demand by `client.apiKeys` and
// `client.organizations` (load-api-key-parsers.ts). They import nothing but
// `UnexpectedResponse`, so loading them adds no shared chunk to the client's first load.
import type { ApiKey, Organization, RevealedApiKey } from "../providers/record.js";
import { UnexpectedResponse } from "./unexpected-response.js";

type Json = Record<string, unknown>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A gateway API key as a server sent it. Only the fields byokit knows are copied, each only
 * when it has the documented type, and nothing is invented: a field the server left out stays
 * out. `key`, the secret, is copied only when `withSecret` (create, reveal) and then as a
 * non-enumerable property, so logging the record never prints it.
 */
export function toApiKey(value: unknown, at = "body", withSecret = false): ApiKey {
  const raw = objectAt(value, at);
  if (typeof raw.id !== "string" || raw.id === "") {
    throw new UnexpectedResponse(`${at}.id must be a string`);
  }
  const record: Mutable<ApiKey> = {
    object: "ai_gateway_api_key",
    id: raw.id,
    // Documented on every answer; an older byokit server could leave it out.
    name: typeof raw.name === "string" ? raw.name : "",
  };
  copyString(raw, record, "organization_id");
  if (raw.type === "api" || raw.type === "coding_agent") record.type = raw.type;
  copyNullableString(raw, record, "coding_assistant");
  if (raw.models === null) record.models = null;
  else if (Array.isArray(raw.models) && raw.models.every((m) => typeof m === "string")) {
    record.models = [...raw.models];
  }
  if (
    raw.max_usage === null ||
    (typeof raw.max_usage === "number" && Number.isFinite(raw.max_usage))
  ) {
    record.max_usage = raw.max_usage;
  }
  copyBoolean(raw, record, "active");
  copyBoolean(raw, record, "debug_mode");
  copyString(raw, record, "created_at");
  copyString(raw, record, "expires_at");
  copyNullableString(raw, record, "last_used_at");
  copyBoolean(raw, record, "byok_only");
  copyString(raw, record, "preview");
  copyBoolean(raw, record, "created");
  copyNullableString(raw, record, "user_id");
  if (withSecret && typeof raw.key === "string" && raw.key !== "") {
    Object.defineProperty(record, "key", { value: raw.key, enumerable: false });
  }
  return record;
}

/** `reveal()`'s answer: a record that must carry its `key`. */
export function toRevealedApiKey(value: unknown): RevealedApiKey {
  const record = toApiKey(value, "body", true);
  if (typeof record.key !== "string") throw new UnexpectedResponse("body.key must be a string");
  return record as RevealedApiKey;
}

/** An organization: `id`, `slug` and `name` required; `gateway_api_url` and `byok_only` when sent. */
export function toOrganization(value: unknown, at = "body"): Organization {
  const raw = objectAt(value, at);
  for (const field of ["id", "slug", "name"] as const) {
    if (typeof raw[field] !== "string")
      throw new UnexpectedResponse(`${at}.${field} must be a string`);
  }
  const organization: Mutable<Organization> = {
    id: raw.id as string,
    slug: raw.slug as string,
    name: raw.name as string,
  };
  copyNullableString(raw, organization, "gateway_api_url");
  copyBoolean(raw, organization, "byok_only");
  return organization;
}

function objectAt(value: unknown, at: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UnexpectedResponse(`${at} must be an object`);
  }
  return value as Json;
}

function copyString<T>(raw: Json, target: T, field: keyof T & string): void {
  if (typeof raw[field] === "string") (target as Json)[field] = raw[field];
}

function copyNullableString<T>(raw: Json, target: T, field: keyof T & string): void {
  if (raw[field] === null || typeof raw[field] === "string") (target as Json)[field] = raw[field];
}

function copyBoolean<T>(raw: Json, target: T, field: keyof T & string): void {
  if (typeof raw[field] === "boolean") (target as Json)[field] = raw[field];
}
