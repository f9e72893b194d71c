import type { ProviderKey } from "../providers/record.js";

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
}

/** The key a store files an entry under; organization ids and record ids never hold a newline. */
export function storeKey(organizationId: string, id: string): string {
  return `${organizationId}\n${id}`;
}
