import { deepFreeze } from "../internal/deep-freeze.js";
import type { ProviderKey } from "../providers/record.js";
import { createResolver } from "../resolver/create-resolver.js";
import type { Resolver } from "../resolver/types.js";
import { compareCursors } from "./http/list-query.js";

/** A key as the backend holds it: the frozen public record and its parsed secret (frozen too, once held). */
export interface KeyEntry {
  readonly record: ProviderKey;
  readonly credentials: unknown;
}

/**
 * One organization's keys: by id, in list order (`created_at`, then `id`), and in a resolver
 * that is built on first use and then kept current with `upsert`/`remove` on every write.
 */
export class OrganizationKeys {
  readonly #byId = new Map<string, KeyEntry>();
  readonly #ordered: ProviderKey[] = [];
  #resolver: Resolver<ProviderKey> | undefined;

  constructor(entries: readonly KeyEntry[] = []) {
    for (const entry of entries) this.#byId.set(entry.record.id, frozen(entry));
    this.#ordered.push(...entries.map((entry) => entry.record));
    this.#ordered.sort(compareCursors);
  }

  get(id: string): KeyEntry | undefined {
    return this.#byId.get(id);
  }

  /** Every record, oldest first. */
  get records(): readonly ProviderKey[] {
    return this.#ordered;
  }

  get resolver(): Resolver<ProviderKey> {
    this.#resolver ??= createResolver([...this.#ordered]);
    return this.#resolver;
  }

  set(entry: KeyEntry): void {
    frozen(entry);
    const previous = this.#byId.get(entry.record.id);
    this.#byId.set(entry.record.id, entry);
    if (previous && compareCursors(previous.record, entry.record) === 0) {
      this.#ordered[this.#indexOf(previous.record)] = entry.record;
    } else {
      // A record whose created_at changed (re-created under its id, elsewhere in the fleet)
      // moves: left in place, it would unsort the list and a later binary search would find,
      // and delete, its neighbour.
      if (previous) this.#ordered.splice(this.#indexOf(previous.record), 1);
      this.#ordered.splice(this.#insertionPoint(entry.record), 0, entry.record);
    }
    this.#resolver?.upsert(entry.record);
  }

  delete(id: string): void {
    const previous = this.#byId.get(id);
    if (!previous) return;
    this.#byId.delete(id);
    this.#ordered.splice(this.#indexOf(previous.record), 1);
    this.#resolver?.remove(id);
  }

  #indexOf(record: ProviderKey): number {
    return this.#insertionPoint(record) - 1;
  }

  /** Index just after every record that sorts before or equal to `record`. */
  #insertionPoint(record: ProviderKey): number {
    let low = 0;
    let high = this.#ordered.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareCursors(this.#ordered[mid]!, record) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/**
 * Freezes an entry's secret, deeply and once, so `local.resolve()` hands it out without a copy
 * (DESIGN.md's request-path budget) and no caller can change the stored secret through it.
 */
function frozen(entry: KeyEntry): KeyEntry {
  deepFreeze(entry.credentials);
  return entry;
}
