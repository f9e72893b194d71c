import type { ProviderId } from "../providers/ids.js";
import type { ProviderKey } from "../providers/record.js";

/**
 * What the resolver needs of a record: the public (masked) shape the API returns. Edgee's own
 * answers may lack byokit's extension fields, so:
 * - `api_key_ids` missing (or naming no usable id, e.g. `[""]`): the assignment is *unknown*; the
 *   key serves nobody (never the organization) and `lint()` says so. `[]` is the organization.
 * - `active` missing: active (Edgee creates keys active; only `active: false` excludes).
 * - a Bedrock record without `preview.regions` holds no region.
 */
export type ResolvableKey = Pick<ProviderKey, "id" | "provider" | "name" | "created_at"> &
  Partial<Pick<ProviderKey, "api_key_ids" | "active" | "preview">>;

export interface ResolveQuery {
  readonly provider: ProviderId;
  /** The gateway API key (`key_…`) that sent the request; absent: organization scope only. */
  readonly api_key_id?: string | undefined;
  /** Bedrock only: an AWS region code; absent or `"global"`: only `global` can serve. */
  readonly region?: string | undefined;
  /**
   * The request's API key is BYOK-only (Edgee's `byok_only`): where no key serves, the answer is
   * `rejected` rather than `unassigned`. Absent: what the resolver learned from its `apiKeys`
   * for `api_key_id`, else `false`. Given, it beats the learned value.
   */
  readonly byok_only?: boolean | undefined;
}

/** `api_key`: assigned to the requesting API key; `organization`: the default for all keys. */
export type ResolutionScope = "api_key" | "organization";

export interface ResolvedRegion {
  readonly requested: string;
  /** The region entry that serves: the requested code, or `"global"`. */
  readonly matched: string;
}

export interface Resolved<K extends ResolvableKey = ResolvableKey> {
  readonly status: "resolved";
  readonly key: K;
  readonly scope: ResolutionScope;
  /** Bedrock only. */
  readonly region?: ResolvedRegion;
  /** Candidates of the same scope and region tier that lost the tie to `key`. */
  readonly shadowed: readonly K[];
  readonly explanation: string;
}

/** No active key serves the request: the gateway falls back to its own shared keys. */
export interface Unassigned {
  readonly status: "unassigned";
  readonly explanation: string;
}

/**
 * No active key serves a BYOK-only request: the gateway refuses it instead of using its shared
 * keys (where a request that is not BYOK-only would be {@link Unassigned}).
 */
export interface Rejected {
  readonly status: "rejected";
  readonly explanation: string;
}

/**
 * The chosen scope has keys but none holds the region or `global`. The gateway refuses: no
 * other scope is consulted, BYOK-only or not.
 */
export interface RegionUnavailable<K extends ResolvableKey = ResolvableKey> {
  readonly status: "region_unavailable";
  readonly scope: ResolutionScope;
  /** The keys of the chosen scope; none holds the region or `global`. */
  readonly keys: readonly K[];
  readonly explanation: string;
}

export type Resolution<K extends ResolvableKey = ResolvableKey> =
  | Resolved<K>
  | Unassigned
  | Rejected
  | RegionUnavailable<K>;

/**
 * What the resolver reads of a gateway API key (Edgee's `ai_gateway_api_key` objects fit as they
 * are): `byok_only` is the effective value; only `active: false` makes a key inactive.
 */
export interface ResolverApiKey {
  readonly id: string;
  readonly byok_only?: boolean | undefined;
  readonly active?: boolean | undefined;
}

export interface ResolverOptions {
  /**
   * The organization's gateway API keys. Given, the resolver learns which are BYOK-only, and
   * `lint()` reports provider keys assigned only to API keys that are gone or inactive.
   */
  readonly apiKeys?: readonly ResolverApiKey[] | undefined;
}

export interface LintFinding<K extends ResolvableKey = ResolvableKey> {
  readonly key: K;
  readonly reason: string;
}

export interface Resolver<K extends ResolvableKey = ResolvableKey> {
  /** Which key serves this request. Constant time; results may be shared and are frozen. */
  resolve(query: ResolveQuery): Resolution<K>;
  /** Adds or replaces a record (by `id`) without rebuilding the index. */
  upsert(record: K): void;
  /** Removes a record by id; returns whether it was there. */
  remove(id: string): boolean;
  /**
   * Replaces the known gateway API keys (what `options.apiKeys` gave), without a rebuild: only
   * BYOK-only answers and `lint()` read them. A bad list throws and changes nothing.
   */
  setApiKeys(apiKeys: readonly ResolverApiKey[]): void;
  /** Keys that can never win a resolution, and why. */
  lint(): LintFinding<K>[];
  /** How many records it holds (one per id, inactive ones included). */
  readonly size: number;
}
