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
import type { NetworkOptions, Validators } from "../validators/types.js";
import type { Store } from "./store.js";

/** A gateway API key (`key_…`) the backend knows: the ids `api_key_ids` may name. */
export interface LocalApiKey {
  readonly id: string;
  readonly name: string;
  /** Default `true`. */
  readonly active?: boolean;
  /** ISO 8601; default: when the backend was created. */
  readonly created_at?: string;
  /** The key's own BYOK-only setting (default `false`); its organization's may impose it. */
  readonly byok_only?: boolean;
}

/** An organization the backend serves (`GET /v1/organizations`). */
export interface LocalOrganization {
  /** `org_…`: 1 to 128 letters, digits, `_` or `-`. */
  readonly id: string;
  /** Default: the id. */
  readonly slug?: string;
  /** Default: the id. */
  readonly name?: string;
  readonly gateway_api_url?: string;
  /** Every API key of this organization is BYOK-only (default `false`). */
  readonly byok_only?: boolean;
}

export interface LocalBackendOptions {
  /** Default: a fresh {@link memoryStore}. */
  readonly store?: Store;
  /**
   * Gateway API keys that exist in every organization served, beside those created through
   * the API (`POST /api_keys`) and kept in the store. A seeded key is persisted once it is
   * updated or revealed; until then its secret is minted per process. Any id in `api_key_ids`
   * that is not a live API key is a 400.
   */
  readonly apiKeys?: readonly LocalApiKey[];
  /**
   * The organizations served, with their BYOK-only setting. They are written to the store
   * (when absent there, or stored with other settings) and read back from it, so every backend
   * on one store agrees; when given, the organizations the store holds are served (404 for any
   * other). Default: `organizationId`'s alone, or, without it, any organization in a path
   * (listed once it holds keys).
   */
  readonly organizations?: readonly LocalOrganization[];
  /** When set, every request needs `Authorization: Bearer <token>`; otherwise any bearer goes. */
  readonly token?: string;
  /** When set, only this organization exists; otherwise any org id in the path is served. */
  readonly organizationId?: string;
  /** Used by credential tests for every provider request. Default: the global `fetch`. */
  readonly fetch?: typeof globalThis.fetch;
  /** Replace or add credential validators, as for `testCredentials()`. */
  readonly validators?: Validators;
  /**
   * Where credential tests may go, as for `testCredentials()`: by default only providers' own
   * hosts, on public addresses. `{ allowCustomHosts: true }` for an APIM gateway,
   * `{ allowPrivateNetworks: true }` for a provider on a private network (or a test server).
   */
  readonly network?: NetworkOptions;
}

/** `local.resolve()`'s query: the resolver's, plus the organization when it is ambiguous. */
export interface LocalResolveQuery<P extends ProviderId = ProviderId> extends ResolveQuery {
  readonly provider: P;
  /**
   * Default: the backend's `organizationId`; without one, the only organization that holds
   * keys (several → a `ValidationError` asking for this field).
   */
  readonly organization_id?: string;
  /**
   * Treat the request as BYOK-only whatever the API key says. The effective value is this, or
   * the API key's, or its organization's (so `false` here never lifts theirs).
   */
  readonly byok_only?: boolean | undefined;
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

/**
 * How a backend follows its store (`local.health()`): for a readiness probe, and to alert on a
 * fleet instance that fell behind.
 *
 * @example
 * const { connected, lag_ms } = local.health();
 * if (!connected || (lag_ms ?? 0) > 5_000) console.warn("byokit: this instance lags its store");
 */
export interface LocalBackendHealth {
  /** The store's kind: `memory`, `file`, `postgres`, or a custom store's own word (`custom`). */
  readonly store: string;
  /**
   * Whether this backend follows a live change feed and holds every change it announced
   * (single-process stores: `true`). `false` after `local.close()`, while the store's feed is
   * disconnected, and while a change from the feed could not be applied (the store did not
   * answer, or the row did not decrypt) until a resync, retried with backoff, succeeds.
   */
  readonly connected: boolean;
  /**
   * ISO 8601 time the last event from the feed was processed (another writer's change applied,
   * or this backend's own recognised); `null` before the first.
   */
  readonly last_change_applied_at: string | null;
  /** How long that change took from its commit to this backend, in ms; `null` before the first. */
  readonly lag_ms: number | null;
}

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
  /**
   * How the backend follows its store: the store's kind, whether its feed is connected, when
   * the last change from another writer was applied and how late it arrived.
   *
   * @example
   * local.health(); // { store: "memory", connected: true, last_change_applied_at: null, lag_ms: null }
   */
  health(): LocalBackendHealth;
  /**
   * Stops following the store's change feed. It does not close a store you passed in (call
   * `store.close()` yourself); the backend still answers, from what it holds and writes.
   *
   * @example
   * process.on("SIGTERM", async () => { await local.close(); await store.close?.(); });
   */
  close(): Promise<void>;
}
