import {
  type Store,
  type StoreCollection,
  type StoredApiKey,
  type StoredProviderKey,
  storeKey,
} from "./store.js";

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/**
 * A store in memory: nothing survives the process. Works in Node and browsers. Entries are
 * copied in and out, so no caller can change a stored key behind the backend's back, and the
 * store prints as `MemoryStore { size }` — never its secrets.
 *
 * @example
 * const local = createLocalBackend({ store: memoryStore(), apiKeys: [{ id: "key_prod", name: "Production" }] });
 */
export function memoryStore(): Store {
  return new MemoryStore();
}

class MemoryStore implements Store {
  readonly #entries = new Map<string, StoredProviderKey>();
  readonly #apiKeys = new Map<string, StoredApiKey>();

  readonly apiKeys: StoreCollection<StoredApiKey> = {
    load: async () => [...this.#apiKeys.values()].map((entry) => structuredClone(entry)),
    put: async (entry) => {
      this.#apiKeys.set(storeKey(entry.organization_id, entry.record.id), structuredClone(entry));
    },
    delete: async (organizationId, id) => {
      this.#apiKeys.delete(storeKey(organizationId, id));
    },
  };

  async load(): Promise<readonly StoredProviderKey[]> {
    return [...this.#entries.values()].map((entry) => structuredClone(entry));
  }

  async put(entry: StoredProviderKey): Promise<void> {
    this.#entries.set(storeKey(entry.organization_id, entry.record.id), structuredClone(entry));
  }

  async delete(organizationId: string, id: string): Promise<void> {
    this.#entries.delete(storeKey(organizationId, id));
  }

  toJSON(): { kind: "memory"; size: number } {
    return { kind: "memory", size: this.#entries.size };
  }

  [inspectSymbol](): string {
    return `MemoryStore { size: ${this.#entries.size} }`;
  }
}
