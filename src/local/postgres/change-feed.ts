import type * as Pg from "pg";
import type { StoreChange, StoreFeedEvent } from "../store.js";
import type { PgModule } from "./load-pg.js";

const KINDS = new Set(["provider_key", "api_key", "organization"]);
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 5_000;

/**
 * The store's change feed: one dedicated connection (not from the pool, so a busy pool never
 * starves it, and a pooled client is never left LISTENing) that LISTENs on the schema's
 * channel. When that connection drops (a network cut, `pg_terminate_backend`, a server
 * restart) the feed reconnects with exponential backoff and then emits `resync`: changes
 * committed while it was away were not heard, so listeners reload and compare versions.
 */
export class ChangeFeed {
  readonly #pg: PgModule;
  readonly #config: Pg.ClientConfig;
  readonly #channel: string;
  readonly #listeners = new Set<(event: StoreFeedEvent) => void>();
  #client: Pg.Client | undefined;
  #connectedSince: string | undefined;
  #retryMs = FIRST_RETRY_MS;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(pg: PgModule, config: Pg.ClientConfig, channel: string) {
    this.#pg = pg;
    this.#config = config;
    this.#channel = channel;
  }

  get connected(): boolean {
    return this.#client !== undefined;
  }

  /** When the feed last (re)connected. */
  get connectedSince(): string | undefined {
    return this.#connectedSince;
  }

  /** Connects for the first time; rejects when PostgreSQL cannot be reached. */
  start(): Promise<void> {
    return this.#connect();
  }

  subscribe(listener: (event: StoreFeedEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    const client = new this.#pg.Client(this.#config);
    // Until it is ours, an error is only a failed attempt (the rejection says so).
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query(`LISTEN "${this.#channel}"`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.#stopped) {
      await client.end().catch(() => {});
      return;
    }
    const reconnected = this.#connectedSince !== undefined;
    this.#client = client;
    this.#connectedSince = new Date().toISOString();
    this.#retryMs = FIRST_RETRY_MS;
    client.on("notification", (message) => {
      if (message.channel !== this.#channel) return;
      const change = parseChange(message.payload);
      if (change) this.#emit({ type: "change", change });
    });
    client.once("error", () => this.#lost(client));
    client.once("end", () => this.#lost(client));
    if (reconnected) this.#emit({ type: "resync" });
  }

  /** The connection is gone: forget it and try again after a growing pause. */
  #lost(client: Pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.end().catch(() => {});
    this.#retry();
  }

  #retry(): void {
    if (this.#stopped) return;
    // Jitter, so a fleet that lost its database does not reconnect in one burst.
    const delay = this.#retryMs * (0.5 + Math.random() / 2);
    this.#retryMs = Math.min(this.#retryMs * 2, LAST_RETRY_MS);
    this.#timer = setTimeout(() => {
      this.#connect().catch(() => this.#retry());
    }, delay);
  }

  #emit(event: StoreFeedEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own; the other listeners still hear of the change.
      }
    }
  }
}

/** A notification's payload as a {@link StoreChange}, or `undefined` when it is not one. */
export function parseChange(payload: string | undefined): StoreChange | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload ?? "");
  } catch {
    return undefined;
  }
  const change = value as Partial<StoreChange> | null;
  if (
    !change ||
    typeof change.kind !== "string" ||
    !KINDS.has(change.kind) ||
    typeof change.organization_id !== "string" ||
    typeof change.id !== "string" ||
    typeof change.version !== "number" ||
    (change.operation !== "put" && change.operation !== "delete") ||
    typeof change.committed_at !== "string"
  ) {
    return undefined;
  }
  return {
    kind: change.kind,
    organization_id: change.organization_id,
    id: change.id,
    version: change.version,
    operation: change.operation,
    committed_at: change.committed_at,
  };
}
