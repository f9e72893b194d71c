import { redactSecrets } from "../masking/redact.js";
import type { ProviderId } from "../providers/ids.js";
import type { ProviderKeyPreview } from "../providers/preview.js";
import type { ListPage, ProviderKey } from "../providers/record.js";
import type { Resolution, ResolutionScope, ResolvedRegion } from "../resolver/types.js";
import type { CredentialStatus, RegionTestResult, TestResult } from "../validators/types.js";
import { UnexpectedResponse } from "./unexpected-response.js";

export { UnexpectedResponse };

type Json = Record<string, unknown>;

/**
 * A provider key record, read leniently: Edgee documents only `id`, `provider`, `name`,
 * `created_at` and `created_by`, so byokit's extensions are copied when present and left out
 * when missing: nothing is invented (a missing `api_key_ids` is unknown, not "the whole
 * organization"). Only known fields are copied, so a secret a server wrongly sent
 * (`provider_key`, or any field this SDK does not know) never reaches the caller.
 */
export function toProviderKey(value: unknown, at = "body"): ProviderKey {
  const raw = objectAt(value, at);
  const record: {
    -readonly [K in keyof ProviderKey]: ProviderKey[K];
  } = {
    object: "provider_key",
    id: stringAt(raw, "id", at),
    // A provider this SDK version does not know yet is passed through rather than refused.
    provider: stringAt(raw, "provider", at) as ProviderId,
    name: stringAt(raw, "name", at),
    created_at: stringAt(raw, "created_at", at),
    created_by: typeof raw.created_by === "string" ? raw.created_by : null,
  };
  if (raw.api_key_ids !== undefined) record.api_key_ids = stringsAt(raw, "api_key_ids", at);
  if (raw.active !== undefined) record.active = booleanAt(raw, "active", at);
  if (isObject(raw.preview)) record.preview = raw.preview as unknown as ProviderKeyPreview;
  if (typeof raw.updated_at === "string") record.updated_at = raw.updated_at;
  if (typeof raw.version === "number" && Number.isFinite(raw.version)) {
    record.version = raw.version;
  }
  return record;
}

/**
 * A list answer: a raw JSON array (what Edgee's provider-key list sends: one page, the whole
 * list) or byokit's envelope `{ object: "list", url, has_more, last_key, data }`. `startKey` is
 * the key this page was asked from: a server that answers `has_more` with the same `last_key`
 * would make an endless iteration, so it is refused.
 */
export function toListPage<T>(
  value: unknown,
  item: (value: unknown, at: string) => T,
  fallbackUrl: string,
  startKey: string | undefined,
): ListPage<T> {
  if (Array.isArray(value)) {
    const data = value.map((entry, index) => item(entry, `body[${index}]`));
    return { object: "list", url: fallbackUrl, has_more: false, last_key: null, data };
  }
  const raw = objectAt(value, "body");
  if (!Array.isArray(raw.data)) throw new UnexpectedResponse("body.data must be a list");
  const data = raw.data.map((entry, index) => item(entry, `data[${index}]`));
  const lastKey = typeof raw.last_key === "string" && raw.last_key !== "" ? raw.last_key : null;
  const hasMore = raw.has_more === true && lastKey !== null;
  if (hasMore && lastKey === startKey) {
    throw new UnexpectedResponse("body.last_key repeats the start_key it was asked for");
  }
  return {
    object: "list",
    url: typeof raw.url === "string" ? raw.url : fallbackUrl,
    has_more: hasMore,
    last_key: lastKey,
    data,
  };
}

const RESOLUTION_STATUSES = new Set(["resolved", "unassigned", "region_unavailable", "rejected"]);

/** `POST /provider-keys/resolve`: every record in it goes through {@link toProviderKey}. */
export function toResolution(value: unknown): Resolution<ProviderKey> {
  const raw = objectAt(value, "body");
  const status = raw.status;
  if (typeof status !== "string" || !RESOLUTION_STATUSES.has(status)) {
    throw new UnexpectedResponse(
      "body.status must be resolved, unassigned, region_unavailable or rejected",
    );
  }
  const explanation = typeof raw.explanation === "string" ? raw.explanation : "";
  if (status === "unassigned" || status === "rejected") return { status, explanation };
  const scope = stringAt(raw, "scope", "body") as ResolutionScope;
  if (status === "region_unavailable") {
    return { status, scope, keys: recordsAt(raw, "keys"), explanation };
  }
  const resolved = {
    status: "resolved" as const,
    key: toProviderKey(raw.key, "body.key"),
    scope,
    shadowed: recordsAt(raw, "shadowed"),
    explanation,
  };
  const region = raw.region;
  if (isObject(region) && typeof region.requested === "string") {
    const matched = typeof region.matched === "string" ? region.matched : region.requested;
    const resolvedRegion: ResolvedRegion = { requested: region.requested, matched };
    return { ...resolved, region: resolvedRegion };
  }
  return resolved;
}

/**
 * A credential test's result. Messages are scrubbed again with the secrets the caller sent:
 * a provider that echoes the key back must not get it into the caller's logs.
 */
export function toTestResult(value: unknown, secrets: readonly string[]): TestResult {
  const raw = objectAt(value, "body");
  const result: { -readonly [K in keyof TestResult]: TestResult[K] } = {
    ok: booleanAt(raw, "ok", "body"),
    status: stringAt(raw, "status", "body") as CredentialStatus,
    message: redactSecrets(typeof raw.message === "string" ? raw.message : "", secrets),
    latency_ms: typeof raw.latency_ms === "number" ? raw.latency_ms : 0,
  };
  if (typeof raw.http_status === "number") result.http_status = raw.http_status;
  if (Array.isArray(raw.regions)) {
    result.regions = raw.regions.map((entry, index): RegionTestResult => {
      const region = objectAt(entry, `body.regions[${index}]`);
      return {
        region: stringAt(region, "region", `body.regions[${index}]`),
        ok: region.ok === true,
        status: stringAt(region, "status", `body.regions[${index}]`) as CredentialStatus,
        message: redactSecrets(typeof region.message === "string" ? region.message : "", secrets),
      };
    });
  }
  return result;
}

function recordsAt(raw: Json, field: string): ProviderKey[] {
  const list = raw[field];
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new UnexpectedResponse(`body.${field} must be a list`);
  return list.map((entry, index) => toProviderKey(entry, `body.${field}[${index}]`));
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objectAt(value: unknown, at: string): Json {
  if (!isObject(value)) throw new UnexpectedResponse(`${at} must be an object`);
  return value;
}

function stringAt(raw: Json, field: string, at: string): string {
  const value = raw[field];
  if (typeof value !== "string") throw new UnexpectedResponse(`${at}.${field} must be a string`);
  return value;
}

function booleanAt(raw: Json, field: string, at: string): boolean {
  const value = raw[field];
  if (typeof value !== "boolean") throw new UnexpectedResponse(`${at}.${field} must be a boolean`);
  return value;
}

function stringsAt(raw: Json, field: string, at: string): string[] {
  const value = raw[field];
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === "string")) {
    throw new UnexpectedResponse(`${at}.${field} must be a list of strings`);
  }
  return value as string[];
}
