/**
 * `byokit/local`: the Console API served in-process, its stores, and `serve()` to expose it
 * over HTTP. `createLocalBackend` and `memoryStore` run in browsers too (see `browser.ts`);
 * `fileStore`, `postgresStore` (with `migrate` and `rotateMasterKey`) and `serve` are Node-only.
 */
export type { AdminConsoleOptions } from "./admin-console.js";
export { type FileStoreOptions, fileStore } from "./file-store.js";
export * from "./portable.js";
export type { PostgresConnectionOptions, PostgresPool } from "./postgres/connection-options.js";
export {
  type MigrateResult,
  migrate,
} from "./postgres/migrate.js";
export {
  type PostgresStore,
  type PostgresStoreOptions,
  postgresStore,
} from "./postgres/postgres-store.js";
export {
  PostgresStoreError,
  type PostgresStoreErrorReason,
} from "./postgres/postgres-store-error.js";
export {
  type RotateMasterKeyOptions,
  type RotateMasterKeyResult,
  rotateMasterKey,
} from "./postgres/rotate-master-key.js";
export { type ServeOptions, type Server, serve } from "./serve.js";
