import type { ProviderId } from "../providers/ids.js";
import type { ProviderKey } from "../providers/record.js";

/**
 * What the resolver needs of a record: the public (masked) shape the API returns. Records
 * without `api_key_ids` serve the organization, without `active` count as active, and a
 * Bedrock record without `preview.regions` holds no region.
 */
export type ResolvableKey = Pick<ProviderKey, "id" | "provider" | "name" | "created_at"> &
  Partial<Pick<ProviderKey, "api_key_ids" | "active" | "preview">>;

export interface ResolveQuery {
  readonly provider: ProviderId;
  /** The gateway API key (`key_…`) that sent the request; absent: organization scope only. */
  readonly api_key_id?: string | undefined;
  /** Bedrock only: an AWS region code; absent or `"global"`: only `global` can serve. */
  readonly region?: string | undefined;
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

export interface Unassigned {
  readonly status: "unassigned";
  readonly explanation: string;
}

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
  | RegionUnavailable<K>;

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
  /** Keys that can never win a resolution, and why. */
  lint(): LintFinding<K>[];
}
