/** What `byokit/local` exports in every runtime: the backend, the memory store, their types. */
export { createLocalBackend } from "./create-local-backend.js";
export { FileStoreError, type FileStoreErrorReason } from "./file-store-error.js";
export { ListenError, type ListenErrorReason } from "./listen-error.js";
export { memoryStore } from "./memory-store.js";
export { StaleWriteError } from "./stale-write-error.js";
export type {
  IdempotencyAnswer,
  IdempotencyClaim,
  IdempotencyStore,
  Store,
  StoreChange,
  StoreCollection,
  StoredApiKey,
  StoredApiKeyRecord,
  StoredOrganization,
  StoredProviderKey,
  StoreEntryKind,
  StoreFeedEvent,
  StoreHealth,
  WriteCondition,
} from "./store.js";
export type {
  LocalApiKey,
  LocalBackend,
  LocalBackendHealth,
  LocalBackendOptions,
  LocalOrganization,
  LocalResolution,
  LocalResolveQuery,
  ResolvedCredentials,
} from "./types.js";
