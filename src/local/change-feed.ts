import type { StoreChange, StoreFeedEvent } from "./store.js";

/**
 * The listeners of a single-process store's feed. Each committed change is delivered to every
 * listener in a microtask, so a listener never runs inside the write that caused it (the
 * writer's `await` resolves first, or in the same turn) and a throwing listener cannot fail
 * the write or starve the others.
 */
export class ChangeFeed {
  readonly #listeners = new Set<(event: StoreFeedEvent) => void>();

  subscribe(listener: (event: StoreFeedEvent) => void): () => void {
    // A wrapper per subscription, so subscribing the same function twice delivers twice and
    // each unsubscribe removes its own.
    const subscription = (event: StoreFeedEvent) => listener(event);
    this.#listeners.add(subscription);
    return () => {
      this.#listeners.delete(subscription);
    };
  }

  /** Announces a committed change; `committed_at` is now. */
  publish(change: Omit<StoreChange, "committed_at">): void {
    if (this.#listeners.size === 0) return;
    const event: StoreFeedEvent = {
      type: "change",
      change: { ...change, committed_at: new Date().toISOString() },
    };
    for (const listener of [...this.#listeners]) {
      queueMicrotask(() => {
        try {
          listener(event);
        } catch {
          // A listener's failure is its own; the write and the other listeners go on.
        }
      });
    }
  }
}
