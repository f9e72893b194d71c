import { ChangeFeed } from "./change-feed.js";
import { MemoryIdempotencyStore } from "./memory-idempotency.js";
import {
  type IdempotencyStore,
  type Store,
  type StoreCollection,
  type StoredApiKey,
  type StoredOrganization,
  type StoredProviderKey,
  type StoreEntryKind,
  type StoreFeedEvent,
  type StoreHealth,
  storeKey,
  type WriteCondition,
} from "./store.js";
import {
  apiKeyVersion,
  checkWriteCondition,
  organizationVersion,
  providerKeyVersion,
} from "./write-condition.js";

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/**
 * A store in memory: nothing survives the process. Works in Node and browsers. Entries are
 * copied in and out, so no caller can change a stored key behind the backend's back, and the
 * store prints as `MemoryStore { size }` — never its secrets.
 *
 * It implements the whole many-writer contract (conditional writes, `get`, organizations,
 * idempotency records, a change feed) for ONE process: several backends sharing one
 * `memoryStore()` behave as one service, which is how a fleet is tested without a database.
 * For several processes, use `postgresStore`.
 *
 * @example
 * const local = createLocalBackend({ store: memoryStore(), apiKeys: [{ id: "key_prod", name: "Production" }] });
 */
export function memoryStore(): Store {
  return new MemoryStore();
}

class MemoryStore implements Store {
  readonly #feed = new ChangeFeed();
  readonly #providerKeys = new MemoryCollection<StoredProviderKey>(
    "provider_key",
    (entry) => entry.record.id,
    providerKeyVersion,
    this.#feed,
  );
  readonly apiKeys: StoreCollection<StoredApiKey> = new MemoryCollection<StoredApiKey>(
    "api_key",
    (entry) => entry.record.id,
    apiKeyVersion,
    this.#feed,
  );
  readonly organizations: StoreCollection<StoredOrganization> =
    new MemoryCollection<StoredOrganization>(
      "organization",
      (entry) => entry.record.id,
      organizationVersion,
      this.#feed,
    );
  readonly idempotency: IdempotencyStore = new MemoryIdempotencyStore();

  load(): Promise<readonly StoredProviderKey[]> {
    return this.#providerKeys.load();
  }

  get(organizationId: string, id: string): Promise<StoredProviderKey | undefined> {
    return this.#providerKeys.get(organizationId, id);
  }

  put(entry: StoredProviderKey, condition?: WriteCondition): Promise<void> {
    return this.#providerKeys.put(entry, condition);
  }

  delete(organizationId: string, id: string, condition?: WriteCondition): Promise<void> {
    return this.#providerKeys.delete(organizationId, id, condition);
  }

  subscribe(listener: (event: StoreFeedEvent) => void): () => void {
    return this.#feed.subscribe(listener);
  }

  health(): StoreHealth {
    return { kind: "memory", connected: true };
  }

  async close(): Promise<void> {}

  toJSON(): { kind: "memory"; size: number } {
    return { kind: "memory", size: this.#providerKeys.size };
  }

  [inspectSymbol](): string {
    return `MemoryStore { size: ${this.#providerKeys.size} }`;
  }
}

/** One collection in memory: copies in and out, conditional writes, each change published. */
class MemoryCollection<T extends { readonly organization_id: string }>
  implements StoreCollection<T>
{
  readonly #entries = new Map<string, T>();
  readonly #kind: StoreEntryKind;
  readonly #idOf: (entry: T) => string;
  readonly #versionOf: (entry: T) => number;
  readonly #feed: ChangeFeed;

  constructor(
    kind: StoreEntryKind,
    idOf: (entry: T) => string,
    versionOf: (entry: T) => number,
    feed: ChangeFeed,
  ) {
    this.#kind = kind;
    this.#idOf = idOf;
    this.#versionOf = versionOf;
    this.#feed = feed;
  }

  get size(): number {
    return this.#entries.size;
  }

  async load(): Promise<readonly T[]> {
    return [...this.#entries.values()].map((entry) => structuredClone(entry));
  }

  async get(organizationId: string, id: string): Promise<T | undefined> {
    const entry = this.#entries.get(storeKey(organizationId, id));
    return entry && structuredClone(entry);
  }

  async put(entry: T, condition?: WriteCondition): Promise<void> {
    const id = this.#idOf(entry);
    const key = storeKey(entry.organization_id, id);
    const stored = this.#entries.get(key);
    checkWriteCondition(this.#kind, id, stored ? this.#versionOf(stored) : null, condition);
    this.#entries.set(key, structuredClone(entry));
    this.#feed.publish({
      kind: this.#kind,
      organization_id: entry.organization_id,
      id,
      version: this.#versionOf(entry),
      operation: "put",
    });
  }

  async delete(organizationId: string, id: string, condition?: WriteCondition): Promise<void> {
    const key = storeKey(organizationId, id);
    const stored = this.#entries.get(key);
    checkWriteCondition(this.#kind, id, stored ? this.#versionOf(stored) : null, condition);
    if (!stored) return;
    this.#entries.delete(key);
    this.#feed.publish({
      kind: this.#kind,
      organization_id: organizationId,
      id,
      version: this.#versionOf(stored),
      operation: "delete",
    });
  }
}
