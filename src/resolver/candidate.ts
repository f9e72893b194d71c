import { isBedrockRegionKey } from "../providers/region-code.js";
import type { ResolvableKey } from "./types.js";

/** A record as the index holds it: its sort key and (Bedrock) regions computed once. */
export interface Candidate<K extends ResolvableKey> {
  readonly record: K;
  /** `created_at` in ms; a missing or unparsable date sorts as the newest. */
  readonly time: number;
  /** Bedrock region entries the record holds (valid codes and `global` only). */
  readonly regions: readonly string[];
}

export function toCandidate<K extends ResolvableKey>(record: K): Candidate<K> {
  const time = Date.parse(record.created_at);
  // Only Bedrock previews (`aws_iam`) hold regions; anything malformed holds none.
  const regions = (record.preview as { regions?: { region: string }[] } | undefined)?.regions;
  return {
    record,
    time: Number.isNaN(time) ? Infinity : time,
    regions: Array.isArray(regions)
      ? regions.map((entry) => entry?.region).filter(isBedrockRegionKey)
      : [],
  };
}

/** The tie rule: the oldest `created_at` wins, then the smaller `id`. */
export function byAge<K extends ResolvableKey>(a: Candidate<K>, b: Candidate<K>): number {
  return a.time - b.time || (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0);
}
