import type { IdempotencyAnswer, IdempotencyClaim, IdempotencyStore } from "./store.js";

type Slot =
  | { readonly state: "in_progress"; readonly fingerprint: string; readonly leaseUntil: number }
  | {
      readonly state: "done";
      readonly fingerprint: string;
      readonly answer: IdempotencyAnswer;
      readonly expiresAt: number;
    };

/** At most this many records are kept; the oldest go first (a key is 24 h at most anyway). */
const MAX_RECORDS = 10_000;

/**
 * Idempotency records in memory, for one process: `memoryStore().idempotency`, and the file
 * store's (which does not write them to its file). A claim whose lease ran out (its holder
 * never answered) may be claimed again; an answer is forgotten after its ttl.
 *
 * @example
 * const records = new MemoryIdempotencyStore();
 * await records.claim("org_1", "create-1", fingerprint, { leaseMs: 30_000, ttlMs: 86_400_000 });
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #slots = new Map<string, Slot>();
  /** The ttl each claim asked for, applied when it completes. */
  readonly #ttls = new Map<string, number>();

  async claim(
    scope: string,
    key: string,
    fingerprint: string,
    options: { readonly leaseMs: number; readonly ttlMs: number },
  ): Promise<IdempotencyClaim> {
    const slotKey = `${scope}\n${key}`;
    const now = Date.now();
    const slot = this.#slots.get(slotKey);
    if (slot?.state === "done" && slot.expiresAt > now) {
      return { state: "done", fingerprint: slot.fingerprint, answer: slot.answer };
    }
    if (slot?.state === "in_progress" && slot.leaseUntil > now) {
      return { state: "in_progress", fingerprint: slot.fingerprint };
    }
    // Re-inserted, so insertion order stays the order to evict in.
    this.#slots.delete(slotKey);
    this.#slots.set(slotKey, {
      state: "in_progress",
      fingerprint,
      leaseUntil: now + options.leaseMs,
    });
    this.#ttls.set(slotKey, options.ttlMs);
    this.#evict();
    return { state: "claimed" };
  }

  async complete(scope: string, key: string, answer: IdempotencyAnswer): Promise<void> {
    const slotKey = `${scope}\n${key}`;
    const slot = this.#slots.get(slotKey);
    if (slot?.state !== "in_progress") return;
    this.#slots.set(slotKey, {
      state: "done",
      fingerprint: slot.fingerprint,
      answer: structuredClone(answer),
      expiresAt: Date.now() + (this.#ttls.get(slotKey) ?? 0),
    });
    this.#ttls.delete(slotKey);
  }

  async release(scope: string, key: string): Promise<void> {
    const slotKey = `${scope}\n${key}`;
    if (this.#slots.get(slotKey)?.state === "in_progress") this.#slots.delete(slotKey);
    this.#ttls.delete(slotKey);
  }

  #evict(): void {
    while (this.#slots.size > MAX_RECORDS) {
      const oldest = this.#slots.keys().next().value;
      if (oldest === undefined) return;
      this.#slots.delete(oldest);
      this.#ttls.delete(oldest);
    }
  }
}
