import { NEVER_EXPIRES } from "../client/api-key-expiry.js";
import type { ApiKey } from "../providers/record.js";
import { compareCursors } from "./http/list-query.js";
import { randomId } from "./random-id.js";
import type { StoredApiKey, StoredApiKeyRecord } from "./store.js";

/** Edgee's documented key format (`ek_live_…`); the local backend mints its keys alike. */
const KEY_PREFIX = "ek_live_";

/** A new gateway API key secret: `ek_live_` and 40 base62 characters (about 238 bits). */
export function mintApiKeySecret(): string {
  return randomId(KEY_PREFIX, 40);
}

/** `ek_live_...AbCd`: the prefix and the last 4 characters, never more. */
export function maskApiKeySecret(key: string): string {
  const prefix = key.startsWith(KEY_PREFIX) ? KEY_PREFIX : "";
  return key.length >= 16 ? `${prefix}...${key.slice(-4)}` : `${prefix}...`;
}

/** An API key as the backend holds it: the stored record, its secret, and whether it is persisted. */
export interface ApiKeyEntry {
  readonly record: StoredApiKeyRecord;
  readonly key: string;
  /** `false` for a seeded key not yet written to the store. */
  readonly persisted: boolean;
  /** The stored version (bumped by every write); 0 for a seeded key not yet written. */
  readonly version: number;
}

/**
 * The public form of an API key: the stored record with the effective `byok_only`
 * (organization > key) and `preview`, the masked key (byokit extension). The secret is added
 * only by the answers that may carry it (create, reveal).
 */
export function publicApiKey(entry: ApiKeyEntry, organizationByokOnly: boolean): ApiKey {
  const { email: _email, ...record } = entry.record;
  return {
    ...record,
    byok_only: organizationByokOnly || record.byok_only,
    preview: maskApiKeySecret(entry.key),
  };
}

/** A new record, as `POST /api_keys` creates it; `expires_in_days` absent means never. */
export function newApiKeyRecord(
  organizationId: string,
  input: Record<string, unknown>,
  createdAt: string,
  id = randomId("key_"),
): StoredApiKeyRecord {
  const days = input.expires_in_days as number | undefined;
  return {
    object: "ai_gateway_api_key",
    id,
    organization_id: organizationId,
    name: input.name as string,
    type: (input.type as "api" | "coding_agent" | undefined) ?? "api",
    coding_assistant: (input.coding_assistant as string | undefined) ?? null,
    models: (input.models as string[] | undefined) ?? [],
    max_usage: (input.max_usage as number | undefined) ?? null,
    active: true,
    debug_mode: false,
    created_at: createdAt,
    expires_at:
      days === undefined
        ? NEVER_EXPIRES
        : new Date(Date.parse(createdAt) + days * 86_400_000).toISOString(),
    last_used_at: null,
    byok_only: (input.byok_only as boolean | undefined) ?? false,
    ...(typeof input.email === "string" ? { email: input.email } : {}),
  };
}

/** One organization's API keys, by id and in list order (`created_at`, then `id`). */
export class OrganizationApiKeys {
  readonly #byId = new Map<string, ApiKeyEntry>();

  constructor(entries: readonly ApiKeyEntry[] = []) {
    for (const entry of entries) this.#byId.set(entry.record.id, entry);
  }

  get(id: string): ApiKeyEntry | undefined {
    return this.#byId.get(id);
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** Oldest first. A handful per organization: sorting on read keeps writes simple. */
  get entries(): ApiKeyEntry[] {
    return [...this.#byId.values()].sort((a, b) => compareCursors(a.record, b.record));
  }

  set(entry: ApiKeyEntry): void {
    this.#byId.set(entry.record.id, entry);
  }

  delete(id: string): void {
    this.#byId.delete(id);
  }

  /** The stored form of an entry. */
  static stored(organizationId: string, entry: ApiKeyEntry): StoredApiKey {
    return {
      organization_id: organizationId,
      record: entry.record,
      key: entry.key,
      version: entry.version,
    };
  }
}
