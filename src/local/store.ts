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
 * Many writers (DESIGN.md "Store contract"): a write may name the version it replaces
 * ({@link WriteCondition}; a stale one is a {@link StaleWriteError}), `idempotency` keeps
 * idempotency records where every instance sees them, and `subscribe` delivers other writers'
 * changes. These members are optional so a store written for one process keeps working;
 * `memoryStore` and `fileStore` implement them for one process, `postgresStore` for a fleet.
 *
 * @example
 * const store: Store = memoryStore();
 * await store.put({ organization_id: "org_1", record, credentials: "sk-test-…" });
 */
export interface Store {
  /** Every stored key, of every organization. Called once per backend. */
  load(): Promise<readonly StoredProviderKey[]>;
  /** One key, read from the store itself (not a cache): how a backend applies a change. */
  get?(organizationId: string, id: string): Promise<StoredProviderKey | undefined>;
  /**
   * Adds or replaces a key (by organization and `record.id`). With a condition, only when the
   * stored version is `condition.expectedVersion` (`null`: when there is none).
   */
  put(entry: StoredProviderKey, condition?: WriteCondition): Promise<void>;
  /**
   * Removes a key; removing an absent key is not an error unless a condition names a version.
   */
  delete(organizationId: string, id: string, condition?: WriteCondition): Promise<void>;
  /**
   * Gateway API keys, beside the provider keys (`memoryStore` and `fileStore` have it, the
   * file store encrypting their secrets with the rest). Optional so that a store written for
   * provider keys alone keeps working: without it, the backend keeps API keys in memory only.
   */
  readonly apiKeys?: StoreCollection<StoredApiKey>;
  /** Organizations and their settings (`byok_only`), shared by every instance. */
  readonly organizations?: StoreCollection<StoredOrganization>;
  /** Idempotency records, so a create retried on another instance creates one record. */
  readonly idempotency?: IdempotencyStore;
  /**
   * Other writers' changes (and this store's own, which a backend recognises by version),
   * delivered after they commit. Returns the function that stops delivery.
   */
  subscribe?(listener: (event: StoreFeedEvent) => void): () => void;
  /** How the feed is doing (`local.health()` reports it). */
  health?(): StoreHealth;
  /** Releases connections and timers (a PostgreSQL pool, a LISTEN connection). */
  close?(): Promise<void>;
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
  /**
   * Bumped by every write, for conditional writes and the change feed (Edgee's API key has no
   * version field, so it lives here and not on the record). Absent in older files: 1.
   */
  readonly version?: number;
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
  /** One entry, read from the store itself: how a backend applies a change. */
  get?(organizationId: string, id: string): Promise<T | undefined>;
  /** Adds or replaces an entry (by organization and `record.id`), if `condition` holds. */
  put(entry: T, condition?: WriteCondition): Promise<void>;
  /** Removes an entry; removing an absent one is not an error unless a condition names a version. */
  delete(organizationId: string, id: string, condition?: WriteCondition): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// The many-writer contract (DESIGN.md "Store contract"). Every member below is optional on
// `Store`, so a store written for one process keeps working; `memoryStore`, `fileStore` and
// `postgresStore` implement all of it.
// ---------------------------------------------------------------------------------------------

/**
 * The condition a write names: the version it replaces. `expectedVersion: null` means "must not
 * exist yet" (a create); a number means "the stored version is exactly this". A store refuses a
 * write whose condition does not hold with a {@link StaleWriteError} and writes nothing.
 * Without a condition a write is unconditional (the single-process behaviour of before).
 */
export interface WriteCondition {
  readonly expectedVersion: number | null;
}

/** Which collection a change or an entry belongs to. */
export type StoreEntryKind = "provider_key" | "api_key" | "organization";

/**
 * One committed change, as the feed delivers it: enough to fetch the entry (`get`) and to
 * tell whether the backend already has it (`version`). `committed_at` is the writer's clock
 * (ISO 8601), used only to report lag.
 */
export interface StoreChange {
  readonly kind: StoreEntryKind;
  readonly organization_id: string;
  readonly id: string;
  /** The entry's version after the change (a delete: the version it removed). */
  readonly version: number;
  readonly operation: "put" | "delete";
  readonly committed_at: string;
}

/**
 * What a feed tells its listener: a change, or that changes may have been missed (the feed
 * reconnected) and the backend must resynchronise by `load()`ing and comparing versions.
 */
export type StoreFeedEvent =
  | { readonly type: "change"; readonly change: StoreChange }
  | { readonly type: "resync" };

/** How a store's feed is doing, for `local.health()`. */
export interface StoreHealth {
  /** `memory`, `file`, `postgres`, or a custom store's own word. */
  readonly kind: string;
  /** Whether the feed is live (single-process stores: always `true`). */
  readonly connected: boolean;
  /** ISO 8601 time the feed last (re)connected, if it ever did. */
  readonly connected_since?: string;
}

/** An idempotency answer as a store keeps it (the body may hold a secret: encrypt it at rest). */
export interface IdempotencyAnswer {
  readonly status: number;
  readonly body: string;
  readonly headers: readonly (readonly [string, string])[];
}

/** What `claim` found. */
export type IdempotencyClaim =
  /** This caller holds the key now: run the request, then `complete` or `release`. */
  | { readonly state: "claimed" }
  /** Another request holds it (maybe on another instance) and has not answered yet. */
  | { readonly state: "in_progress"; readonly fingerprint: string }
  /** The first request answered: replay this (when `fingerprint` matches; else 409). */
  | { readonly state: "done"; readonly fingerprint: string; readonly answer: IdempotencyAnswer };

/**
 * Idempotency records in the store, so a create retried on another instance answers with the
 * first result: exactly one record is created per key. A claim that is neither completed nor
 * released within `leaseMs` (its holder crashed) may be claimed again.
 */
export interface IdempotencyStore {
  claim(
    scope: string,
    key: string,
    fingerprint: string,
    options: { readonly leaseMs: number; readonly ttlMs: number },
  ): Promise<IdempotencyClaim>;
  complete(scope: string, key: string, answer: IdempotencyAnswer): Promise<void>;
  /** Forgets a claim whose request failed, so the caller may fix the body and retry. */
  release(scope: string, key: string): Promise<void>;
}

/**
 * An organization as a store keeps it, filed like the other collections (`organization_id` is
 * `record.id`), so one {@link StoreCollection} shape serves all three.
 */
export interface StoredOrganization {
  readonly organization_id: string;
  readonly record: {
    readonly id: string;
    readonly slug: string;
    readonly name: string;
    readonly gateway_api_url?: string;
    readonly byok_only: boolean;
  };
  readonly version: number;
}

/** The key a store files an entry under; organization ids and record ids never hold a newline. */
export function storeKey(organizationId: string, id: string): string {
  return `${organizationId}\n${id}`;
}
