import type { ProviderId } from "../providers/ids.js";

/** What `createClient()` accepts. Every field has a default except the two credentials. */
export interface ClientOptions {
  /** `org_…`; in Node, defaults to `EDGEE_ORGANIZATION_ID`. */
  readonly organizationId?: string | undefined;
  /** The Console API token; in Node, defaults to `EDGEE_CONSOLE_API_TOKEN`. */
  readonly token?: string | undefined;
  /** Default `https://api.edgee.app`; a byokit server's `url` works as is. */
  readonly baseUrl?: string | undefined;
  /** Every request goes through it (a local backend's `local.fetch`, a proxy, msw…). */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Retries after a network error, 408, 429 or 5xx. Default 2. */
  readonly maxRetries?: number | undefined;
  /** How long one attempt may wait for an answer. Default 30000. */
  readonly timeoutMs?: number | undefined;
  /** The first retry's backoff; doubles on each retry, with jitter. Default 500. */
  readonly retryDelayMs?: number | undefined;
  /** The longest wait between attempts, for backoff and for `Retry-After`. Default 60000. */
  readonly maxRetryDelayMs?: number | undefined;
}

/** Options of every call; they beat the client's. */
export interface RequestOptions {
  /** Aborting rejects the call with the signal's `reason`, and stops any retry. */
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs?: number | undefined;
  readonly maxRetries?: number | undefined;
}

/** Options of `providerKeys.create()`. */
export interface CreateRequestOptions extends RequestOptions {
  /**
   * Sent as `Idempotency-Key`, the same on every attempt, so a retried create never makes a
   * second key. Generated when not given; pass your own to make a create safe across restarts.
   */
  readonly idempotencyKey?: string | undefined;
}

/** Options of `providerKeys.update()`. */
export interface UpdateRequestOptions extends RequestOptions {
  /**
   * The `version` the edit was based on (or the record's `ETag`): a stale one is refused with
   * `PreconditionFailedError` and nothing is written.
   */
  readonly ifMatch?: number | string | undefined;
}

/** Options of `providerKeys.delete()`. */
export interface DeleteRequestOptions extends RequestOptions {
  /**
   * The `version` the decision to delete was based on (or the record's `ETag`): a stale one is
   * refused with `PreconditionFailedError` and nothing is deleted.
   */
  readonly ifMatch?: number | string | undefined;
}

/** Paging of every list call. */
export interface ListQuery {
  /** The page size: 1 to 100, default 20. */
  readonly limit?: number | undefined;
  /** Default `DESC`, newest first. */
  readonly order_direction?: "ASC" | "DESC" | undefined;
  /** A previous page's `last_key`: the page after it. */
  readonly start_key?: string | undefined;
}

/** `providerKeys.list()` filters. */
export interface ProviderKeyListQuery extends ListQuery {
  readonly provider?: ProviderId | undefined;
  /** Only the keys assigned to this gateway API key. */
  readonly api_key_id?: string | undefined;
}

/** The body of `providerKeys.test()`: credentials tested before they are saved. */
export interface TestProviderKeyInput {
  readonly provider: ProviderId;
  /** A string, or the typed object (sent as its JSON text). Never stored. */
  readonly provider_key: unknown;
}
