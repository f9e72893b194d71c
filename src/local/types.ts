import type { AwsRegionCredentials, ProviderCredentials } from "../providers/credentials.js";
import type { ProviderId } from "../providers/ids.js";
import type { ProviderKey } from "../providers/record.js";
import type {
  RegionUnavailable,
  Rejected,
  Resolved,
  ResolveQuery,
  Unassigned,
} from "../resolver/types.js";
import type { Validators } from "../validators/types.js";
import type { Store } from "./store.js";

/** A gateway API key (`key_…`) the backend knows: the ids `api_key_ids` may name. */
export interface LocalApiKey {
  readonly id: string;
  readonly name: string;
  /** Default `true`. */
  readonly active?: boolean;
  /** ISO 8601; default: when the backend was created. */
  readonly created_at?: string;
}

export interface LocalBackendOptions {
  /** Default: a fresh {@link memoryStore}. */
  readonly store?: Store;
  /** The gateway API keys assignments may name; any other id in `api_key_ids` is a 400. */
  readonly apiKeys?: readonly LocalApiKey[];
  /** When set, every request needs `Authorization: Bearer <token>`; otherwise any bearer goes. */
  readonly token?: string;
  /** When set, only this organization exists; otherwise any org id in the path is served. */
  readonly organizationId?: string;
  /** Used by credential tests for every provider request. Default: the global `fetch`. */
  readonly fetch?: typeof globalThis.fetch;
  /** Replace or add credential validators, as for `testCredentials()`. */
  readonly validators?: Validators;
}

/** `local.resolve()`'s query: the resolver's, plus the organization when it is ambiguous. */
export interface LocalResolveQuery<P extends ProviderId = ProviderId> extends ResolveQuery {
  readonly provider: P;
  /**
   * Default: the backend's `organizationId`; without one, the only organization that holds
   * keys (several → a `ValidationError` asking for this field).
   */
  readonly organization_id?: string;
}

/** The secret `local.resolve()` hands out: Bedrock's matched region entry, else the whole credential. */
export type ResolvedCredentials<P extends ProviderId = ProviderId> = P extends "bedrock"
  ? AwsRegionCredentials
  : ProviderCredentials[P];

/** The resolver's answer; when a key serves, also its secret. */
export type LocalResolution<P extends ProviderId = ProviderId> =
  | (Resolved<ProviderKey> & { readonly credentials: ResolvedCredentials<P> })
  | Unassigned
  | Rejected
  | RegionUnavailable<ProviderKey>;

/** The Console API in-process. */
export interface LocalBackend {
  /**
   * Serves the API: takes what the global `fetch` takes and answers with a real `Response`.
   * A standalone function: `const f = local.fetch; await f(url, init)` works.
   */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /**
   * Server-side resolution: the resolver's answer plus the chosen key's secret. The one call
   * that hands secrets out; it never goes over HTTP.
   */
  resolve<P extends ProviderId>(query: LocalResolveQuery<P>): Promise<LocalResolution<P>>;
  /** Whether requests need the backend's token; `serve()` refuses a public host otherwise. */
  readonly requiresToken: boolean;
}
