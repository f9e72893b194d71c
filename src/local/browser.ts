/**
 * `byokit/local` for browsers: the Console API served in-process over a memory store. The
 * file store, the PostgreSQL store and `serve()` need Node; here they throw a clear error if called.
 */
export { fileStore, migrate, postgresStore, rotateMasterKey, serve } from "./node-only.js";
export * from "./portable.js";
// The error class itself is portable (code shared with Node may test `instanceof`).
export { PostgresStoreError } from "./postgres/postgres-store-error.js";
