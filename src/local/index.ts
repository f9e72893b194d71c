/**
 * `byokit/local`: the Console API served in-process, its stores, and `serve()` to expose it
 * over HTTP. `createLocalBackend` and `memoryStore` run in browsers too; `fileStore` and
 * `serve` are Node-only and live in their own modules.
 */
export type { AdminConsoleOptions } from "./admin-console.js";
export { createLocalBackend } from "./create-local-backend.js";
export { type FileStoreOptions, fileStore } from "./file-store.js";
export { FileStoreError, type FileStoreErrorReason } from "./file-store-error.js";
export { memoryStore } from "./memory-store.js";
export { type ServeOptions, type Server, serve } from "./serve.js";
export type { Store, StoredProviderKey } from "./store.js";
export type {
  LocalApiKey,
  LocalBackend,
  LocalBackendOptions,
  LocalResolution,
  LocalResolveQuery,
  ResolvedCredentials,
} from "./types.js";
