import type * as Pg from "pg";
import type { StoreChange, StoreFeedEvent } from "../store.js";
import type { PgModule } from "./load-pg.js";

const KINDS = new Set(["provider_key", "api_key", "organization"]);
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 5_000;
/** The `application_name` of the LISTEN session (`pg_stat_activity`). */
export const FEED_APPLICATION_NAME = "byokit change feed";

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

  readonly #checkEveryMs: number;
  #check: ReturnType<typeof setInterval> | undefined;

  /** `checkEveryMs`: how often the connection is proved alive with a query (0: never). */
  constructor(pg: PgModule, config: Pg.ClientConfig, channel: string, checkEveryMs: number) {
    this.#pg = pg;
    // Named in `pg_stat_activity`, so operators (and the fleet test) can tell the LISTEN
    // session from the pool's; an application_name the user gave wins.
    this.#config = { application_name: FEED_APPLICATION_NAME, ...config };
    this.#channel = channel;
    this.#checkEveryMs = checkEveryMs;
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
    clearInterval(this.#check);
    const client = this.#client;
    this.#client = undefined;
    if (client) await closeClient(client);
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
    this.#watch(client);
    if (reconnected) this.#emit({ type: "resync" });
  }

  /**
   * The safety net: a connection cut without a reset (a network partition, a NAT that forgot
   * it) never errors, it just stops delivering. A query that does not answer within the
   * interval counts as a lost connection, so the feed reconnects and asks for a resync.
   */
  #watch(client: Pg.Client): void {
    clearInterval(this.#check);
    if (this.#checkEveryMs <= 0) return;
    let pending = false;
    this.#check = setInterval(() => {
      if (pending || this.#client !== client) return;
      pending = true;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const silent = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("no answer")), this.#checkEveryMs);
      });
      Promise.race([client.query("SELECT 1"), silent])
        .then(
          () => {},
          () => this.#lost(client),
        )
        .finally(() => {
          clearTimeout(timer);
          pending = false;
        });
    }, this.#checkEveryMs);
  }

  /** The connection is gone: forget it and try again after a growing pause. */
  #lost(client: Pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    clearInterval(this.#check);
    void closeClient(client, 0);
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

/**
 * Ends a client politely, but a connection that went silent would never answer the goodbye:
 * after `graceMs` its socket is destroyed.
 */
async function closeClient(client: Pg.Client, graceMs = 1_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
  });
  await Promise.race([client.end().catch(() => {}), grace]);
  clearTimeout(timer);
  const socket = (client as unknown as { connection?: { stream?: { destroy?: () => void } } })
    .connection?.stream;
  socket?.destroy?.();
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
