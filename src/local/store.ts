import type { ApiKey, ProviderKey } from "../providers/record.js";

/**
 * One provider key as a store keeps it: the public record (with its `preview`) and the parsed
 * secret. Only a {@link Store} and the backend that owns it ever see `credentials`.
 */
export interface StoredProviderKey {
  readonly organization_id: string;
  readonly record: ProviderKey;
  /** The parsed `provider_key`: a string, a Bedrock region map, a service account, … */
  readonly credentials: unknown;
}

/**
 * Where a local backend keeps its provider keys. Small on purpose: the backend loads
 * everything once, keeps it indexed in memory, and writes one record at a time through
 * `put`/`delete`, each awaited before the change is visible to readers. A write that rejects
 * leaves the backend unchanged.
 *
 * @example
 * const store: Store = memoryStore();
 * await store.put({ organization_id: "org_1", record, credentials: "sk-test-…" });
 */
export interface Store {
  /** Every stored key, of every organization. Called once per backend. */
  load(): Promise<readonly StoredProviderKey[]>;
  /** Adds or replaces a key (by organization and `record.id`). */
  put(entry: StoredProviderKey): Promise<void>;
  /** Removes a key; removing an absent key is not an error. */
  delete(organizationId: string, id: string): Promise<void>;
  /**
   * Gateway API keys, beside the provider keys (`memoryStore` and `fileStore` have it, the
   * file store encrypting their secrets with the rest). Optional so that a store written for
   * provider keys alone keeps working: without it, the backend keeps API keys in memory only.
   */
  readonly apiKeys?: StoreCollection<StoredApiKey>;
}

/**
 * One gateway API key as a store keeps it. `record` holds the public fields (no `key`, no
 * `preview`; its `byok_only` is the key's own setting, not the effective one); `key` is the
 * secret, which a store must protect like a provider key's credentials.
 */
export interface StoredApiKey {
  readonly organization_id: string;
  readonly record: StoredApiKeyRecord;
  readonly key: string;
}

/** An API key record as stored: every documented field, with the key's own `byok_only`. */
export type StoredApiKeyRecord = Required<
  Pick<
    ApiKey,
    | "object"
    | "id"
    | "organization_id"
    | "name"
    | "type"
    | "coding_assistant"
    | "models"
    | "max_usage"
    | "active"
    | "debug_mode"
    | "created_at"
    | "expires_at"
    | "last_used_at"
    | "byok_only"
  >
> & { readonly email?: string };

/**
 * One collection of a store: the same three verbs as the provider-key store, so each new kind
 * of record (API keys now; organizations, idempotency records later) is one more optional
 * member of {@link Store}, and a store written before it still satisfies the interface.
 *
 * @example
 * const apiKeys: StoreCollection<StoredApiKey> = memoryStore().apiKeys!;
 */
export interface StoreCollection<T> {
  /** Every entry, of every organization. Called once per backend. */
  load(): Promise<readonly T[]>;
  /** Adds or replaces an entry (by organization and `record.id`). */
  put(entry: T): Promise<void>;
  /** Removes an entry; removing an absent one is not an error. */
  delete(organizationId: string, id: string): Promise<void>;
}

/** The key a store files an entry under; organization ids and record ids never hold a newline. */
export function storeKey(organizationId: string, id: string): string {
  return `${organizationId}\n${id}`;
}
