import type { StoreChange, StoreFeedEvent } from "./store.js";

/**
 * The listeners of a single-process store's feed. Each committed change is delivered to every
 * listener asynchronously (microtasks, no timer), so a listener never runs inside the write
 * that caused it, and a throwing listener cannot fail the write or starve the others.
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
    const listeners = [...this.#listeners];
    // Two microtasks: the first runs before the write's promise settles, the second after the
    // writer's own continuation has begun, so a backend has usually taken its own write in by
    // the time it comes back (it would recognise it by version anyway).
    queueMicrotask(() =>
      queueMicrotask(() => {
        for (const listener of listeners) {
          try {
            listener(event);
          } catch {
            // A listener's failure is its own; the write and the other listeners go on.
          }
        }
      }),
    );
  }
}
