import { isBedrockRegionKey } from "../providers/aws-regions.js";
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
  const preview = record.preview;
  const regions =
    preview?.type === "aws_iam" && Array.isArray(preview.regions)
      ? preview.regions.map((entry) => entry.region).filter(isBedrockRegionKey)
      : [];
  return { record, time: Number.isNaN(time) ? Number.POSITIVE_INFINITY : time, regions };
}

/** The tie rule: the oldest `created_at` wins, then the smaller `id`. */
export function compareCandidates<K extends ResolvableKey>(
  a: Candidate<K>,
  b: Candidate<K>,
): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  return a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0;
}

/** Inserts into a list kept sorted by {@link compareCandidates}: O(log n) to find the place. */
export function insertSorted<K extends ResolvableKey>(
  list: Candidate<K>[],
  item: Candidate<K>,
): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareCandidates(list[mid]!, item) < 0) low = mid + 1;
    else high = mid;
  }
  list.splice(low, 0, item);
}

/** Removes `item` (by identity) from a sorted list; returns whether it was there. */
export function removeSorted<K extends ResolvableKey>(
  list: Candidate<K>[],
  item: Candidate<K>,
): boolean {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareCandidates(list[mid]!, item) < 0) low = mid + 1;
    else high = mid;
  }
  // Equal sort keys are possible (same date, same id in a replaced record): scan them.
  for (let at = low; at < list.length && compareCandidates(list[at]!, item) === 0; at++) {
    if (list[at] === item) {
      list.splice(at, 1);
      return true;
    }
  }
  return false;
}
