/**
 * `byokit/local` for browsers: the Console API served in-process over a memory store. The
 * file store and `serve()` need Node; here they throw a clear error if called.
 */
export { createLocalBackend } from "./create-local-backend.js";
export { FileStoreError, type FileStoreErrorReason } from "./file-store-error.js";
export { memoryStore } from "./memory-store.js";
export { fileStore, serve } from "./node-only.js";
export type { Store, StoredProviderKey } from "./store.js";
export type {
  LocalApiKey,
  LocalBackend,
  LocalBackendOptions,
  LocalResolution,
  LocalResolveQuery,
  ResolvedCredentials,
} from "./types.js";
