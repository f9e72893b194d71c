import { ValidationError } from "../../errors/validation-error.js";
import type {
  IdempotencyStore,
  Store,
  StoreCollection,
  StoredApiKey,
  StoredOrganization,
  StoredProviderKey,
  StoreFeedEvent,
  StoreHealth,
  WriteCondition,
} from "../store.js";
import { ChangeFeed } from "./change-feed.js";
import { type Connection, checkConnectionOptions, openConnection } from "./connection.js";
import type { PostgresConnectionOptions } from "./connection-options.js";
import { idempotencyRecords } from "./idempotency-records.js";
import { checkMasterKeys } from "./master-key-check.js";
import { MasterKeyRing, parseMasterKey } from "./master-key-ring.js";
import { migrateWithLock } from "./migrate-with-lock.js";
import { changeChannel } from "./schema-name.js";
import { type TableContext, tableCollection } from "./table-collection.js";
import { API_KEYS, ORGANIZATIONS, PROVIDER_KEYS } from "./table-specs.js";

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");
const MASTER_KEY_ENV = "BYOKIT_MASTER_KEY";
const DEFAULT_FEED_CHECK_MS = 10_000;

/**
 * What {@link postgresStore} returns: a {@link Store} with every optional member of the
 * many-writer contract present.
 */
export type PostgresStore = Store &
  Required<Pick<Store, "get" | "idempotency" | "subscribe" | "health" | "close">> & {
    readonly apiKeys: Required<StoreCollection<StoredApiKey>>;
    readonly organizations: Required<StoreCollection<StoredOrganization>>;
  };

export interface PostgresStoreOptions extends PostgresConnectionOptions {
  /**
   * Encrypts every secret written: 32 bytes, base64 (`byokit keygen` prints one), or the bytes.
   * Default: the `BYOKIT_MASTER_KEY` environment variable.
   */
  readonly masterKey?: string | Uint8Array;
  /**
   * Keys that only decrypt, during a master-key rotation: run every instance with the new
   * `masterKey` and the old one here, then `rotateMasterKey` (or `byokit rotate-master-key`).
   */
  readonly previousMasterKeys?: readonly (string | Uint8Array)[];
  /**
   * How often the change feed's connection is proved alive with a query, in milliseconds
   * (default 10,000; 0: never). A connection cut silently (a network partition) is found within
   * about twice this, then the feed reconnects and asks for a resync.
   */
  readonly feedCheckIntervalMs?: number;
}

/**
 * A store for a fleet of instances sharing one PostgreSQL database (node-postgres, an optional
 * peer dependency: `npm i pg`). Writes are conditional across instances (a stale version is a
 * `StaleWriteError`), idempotency records are shared, and every committed write is announced
 * with `NOTIFY` so every instance's backend applies it. Secrets are encrypted in the
 * application (AES-256-GCM, a fresh IV per write, the master key's id on every row, the
 * organization, id and version authenticated with the ciphertext): the database only ever
 * sees ciphertext. At start the store migrates its schema (under an advisory lock: many
 * instances may start at once) and refuses a master key that cannot read the database
 * (`PostgresStoreError` `wrong_master_key`) before serving or writing anything. Node only.
 * `close()` releases its connections (a pool you passed in is left open).
 *
 * @example
 * const store = postgresStore({
 *   connectionString: process.env.BYOKIT_DATABASE_URL,
 *   masterKey: process.env.BYOKIT_MASTER_KEY,
 * });
 * const local = createLocalBackend({ store });
 */
export function postgresStore(options: PostgresStoreOptions): PostgresStore {
  // Everything that can be checked without the database is checked now, and changes nothing.
  checkConnectionOptions(options);
  const interval = options.feedCheckIntervalMs;
  if (interval !== undefined && !(Number.isInteger(interval) && interval >= 0)) {
    throw new ValidationError([
      { path: "feedCheckIntervalMs", message: "must be a whole number of milliseconds, 0 or more" },
    ]);
  }
  const fromEnv = options.masterKey === undefined;
  const current = parseMasterKey(
    options.masterKey ?? process.env[MASTER_KEY_ENV],
    fromEnv ? MASTER_KEY_ENV : "masterKey",
  );
  const previous = (options.previousMasterKeys ?? []).map((key, index) =>
    parseMasterKey(key, `previousMasterKeys[${index}]`),
  );
  return new PgStore(options, new MasterKeyRing(current, previous));
}

/** An open store: its connection and its feed. */
interface Opened {
  readonly connection: Connection;
  readonly feed: ChangeFeed;
}

class PgStore implements PostgresStore {
  readonly #ring: MasterKeyRing;
  readonly #schema: string;
  readonly #opening: Promise<Opened>;
  readonly #providerKeys: Required<StoreCollection<StoredProviderKey>>;
  readonly apiKeys: Required<StoreCollection<StoredApiKey>>;
  readonly organizations: Required<StoreCollection<StoredOrganization>>;
  readonly idempotency: IdempotencyStore;
  #feed: ChangeFeed | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;
  /** Wrapped, so one function subscribed twice is two subscriptions. */
  readonly #listeners = new Set<{ listener: (event: StoreFeedEvent) => void }>();

  constructor(options: PostgresStoreOptions, ring: MasterKeyRing) {
    this.#ring = ring;
    this.#schema = checkConnectionOptions(options).schema;
    this.#opening = this.#open(options);
    // Surfaced by the first call that awaits it; not an unhandled rejection meanwhile.
    this.#opening.catch(() => {});
    // Every collection is made once the store is open (migrated, keys checked, listening);
    // until then, and for ever if opening failed, each call waits for that and shares its fate.
    const context = this.#opening.then(
      ({ connection }): TableContext => ({
        pool: connection.pool,
        quoted: connection.quoted,
        channel: changeChannel(connection.schema),
        ring,
        fail: connection.fail,
      }),
    );
    this.#providerKeys = deferred(context.then((c) => tableCollection(PROVIDER_KEYS, c)));
    this.apiKeys = deferred(context.then((c) => tableCollection(API_KEYS, c)));
    this.organizations = deferred(context.then((c) => tableCollection(ORGANIZATIONS, c)));
    const idempotency = context.then(idempotencyRecords);
    idempotency.catch(() => {});
    this.idempotency = {
      claim: async (...args) => (await idempotency).claim(...args),
      complete: async (...args) => (await idempotency).complete(...args),
      release: async (...args) => (await idempotency).release(...args),
    };
  }

  /** Connects, migrates and checks the master keys (under the lock), then starts the feed. */
  async #open(options: PostgresStoreOptions): Promise<Opened> {
    const connection = await openConnection(options);
    try {
      await migrateWithLock(connection, async (client) => {
        // Answers nobody can replay any more: expired idempotency records. First, so that one
        // left under a retired master key does not count against this start.
        await client.query(
          `DELETE FROM ${connection.quoted}.idempotency_records WHERE expires_at <= now()`,
        );
        await checkMasterKeys(client, connection.quoted, this.#ring);
      });
      const feed = new ChangeFeed(
        connection.pg,
        connection.clientConfig,
        changeChannel(connection.schema),
        options.feedCheckIntervalMs ?? DEFAULT_FEED_CHECK_MS,
      );
      try {
        await feed.start();
      } catch (error) {
        throw connection.fail(error, "listening for changes");
      }
      if (this.#closed) await feed.stop();
      this.#feed = feed;
      feed.subscribe((event) => {
        for (const { listener } of [...this.#listeners]) {
          try {
            listener(event);
          } catch {
            // One listener's failure is its own: the others still hear of the change.
          }
        }
      });
      return { connection, feed };
    } catch (error) {
      await connection.close().catch(() => {});
      throw connection.fail(error, "opening the store");
    }
  }

  async load(): Promise<readonly StoredProviderKey[]> {
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
    // A set of our own, so a listener may subscribe before the feed has connected.
    const own = { listener };
    this.#listeners.add(own);
    return () => this.#listeners.delete(own);
  }

  health(): StoreHealth {
    const feed = this.#feed;
    return {
      kind: "postgres",
      connected: feed?.connected ?? false,
      ...(feed?.connectedSince === undefined ? {} : { connected_since: feed.connectedSince }),
    };
  }

  /** Idempotent: every call after the first waits for the same release. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    let opened: Opened;
    try {
      opened = await this.#opening;
    } catch {
      return; // Never opened: nothing to release.
    }
    await opened.feed.stop();
    await opened.connection.close();
  }

  toJSON(): { kind: "postgres"; schema: string } {
    return { kind: "postgres", schema: this.#schema };
  }

  [inspectSymbol](): string {
    return `PostgresStore { schema: ${JSON.stringify(this.#schema)} }`;
  }
}

/** A collection made once its store is open; each call waits for that. */
function deferred<T>(made: Promise<Required<StoreCollection<T>>>): Required<StoreCollection<T>> {
  made.catch(() => {});
  return {
    load: async () => (await made).load(),
    get: async (organizationId, id) => (await made).get(organizationId, id),
    put: async (entry, condition) => (await made).put(entry, condition),
    delete: async (organizationId, id, condition) =>
      (await made).delete(organizationId, id, condition),
  };
}
