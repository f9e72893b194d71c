// The public connection options: no import of pg's types, so byokit's declarations never
// need @types/pg.

/**
 * A `pg.Pool` (or anything shaped like one). Typed structurally so that byokit's declarations
 * do not need `@types/pg`; a real `new pg.Pool(…)` fits.
 */
export interface PostgresPool {
  connect(): Promise<unknown>;
  query(...args: never[]): unknown;
  end(): Promise<void>;
  /** What the pool was made with: how the store opens its own LISTEN connection. */
  readonly options?: unknown;
}

/** Where the database is: a connection string, or a pool you made (and will end yourself). */
export interface PostgresConnectionOptions {
  /** `postgresql://user:password@host:5432/database`. The store makes and ends its own pool. */
  readonly connectionString?: string;
  /** Your own `pg.Pool`: the store borrows it and never ends it. */
  readonly pool?: PostgresPool;
  /**
   * The PostgreSQL schema holding byokit's tables (created if missing), so several byokit
   * deployments can share one database. Default `byokit`.
   */
  readonly schema?: string;
}
