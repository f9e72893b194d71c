import { isBedrockRegionKey } from "../providers/region-code.js";
import type { ResolvableKey } from "./types.js";

/** The organization's scope id, and the name of the list of every candidate of a scope. */
export const ALL = "";

/** Why a record is no candidate anywhere: `active: false`, or an unknown assignment. */
export type Idle = "inactive" | "unknown";

/**
 * A record as the index holds it, with what indexing reads from it copied once: a caller who
 * edits a record object in place and upserts it again cannot desynchronise the index.
 */
export interface Candidate<K extends ResolvableKey> {
  readonly record: K;
  readonly provider: string;
  /** The scopes it competes in: its API key ids, or {@link ALL}; none when it is idle. */
  readonly scopes: readonly string[];
  /** Set when it competes nowhere. */
  readonly idle?: Idle | undefined;
  /** `created_at` in ms; a missing or unparsable date sorts as the newest. */
  readonly time: number;
  /** Bedrock region entries it holds (valid codes and `global` only, once each). */
  readonly regions: readonly string[];
}

export function toCandidate<K extends ResolvableKey>(record: K): Candidate<K> {
  const time = Date.parse(record.created_at);
  const list = Array.isArray(record.api_key_ids) ? record.api_key_ids : undefined;
  // Only `[]` is the organization. A missing list (Edgee's own records may lack it) is an
  // unknown assignment, and so is a list naming no usable id (`[""]`): reading either as the
  // organization would widen the key to every API key.
  const scopes =
    list?.length === 0 ? [ALL] : [...new Set(list?.filter((id) => typeof id === "string" && id))];
  const idle = record.active === false ? "inactive" : scopes.length ? undefined : "unknown";
  // Only Bedrock previews (`aws_iam`) hold regions; anything malformed holds none.
  const regions = (record.preview as { regions?: { region: string }[] } | undefined)?.regions;
  return {
    record,
    provider: record.provider,
    scopes: idle ? [] : scopes,
    idle,
    time: Number.isNaN(time) ? Infinity : time,
    regions: Array.isArray(regions)
      ? [...new Set(regions.map((entry) => entry?.region).filter(isBedrockRegionKey))]
      : [],
  };
}

/** The tie rule: the oldest `created_at` wins, then the smaller `id` (ids are unique). */
export function byAge<K extends ResolvableKey>(a: Candidate<K>, b: Candidate<K>): number {
  return a.time - b.time || (a.record.id < b.record.id ? -1 : 1);
}
