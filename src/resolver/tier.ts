import { GLOBAL_REGION } from "../providers/aws-regions.js";
import { type Candidate, compareCandidates, insertSorted, removeSorted } from "./candidate.js";
import type { Resolution, ResolvableKey } from "./types.js";

/** Cached answers per tier are bounded: past this many regions the cache starts over. */
const MAX_CACHED_REGIONS = 256;

/**
 * The active candidates of one scope of one provider: the organization, or one API key.
 * Lists are kept sorted by the tie rule, so the winner is always at index 0.
 */
export class Tier<K extends ResolvableKey> {
  /** Every candidate of the scope. */
  readonly keys: Candidate<K>[] = [];
  /** Bedrock: the candidates holding each region entry (`global` included). */
  readonly byRegion = new Map<string, Candidate<K>[]>();
  /** Answers computed once per state, dropped on any write to the provider. */
  private readonly answers = [
    new Map<string, Resolution<K>>(),
    new Map<string, Resolution<K>>(),
  ] as const;
  /**
   * The region-less answers, without and with an `api_key_id` in the query (they differ only
   * in the organization scope's explanation). Plain fields: the hot path of every non-Bedrock
   * request costs no further lookup.
   */
  readonly plain: [Resolution<K> | undefined, Resolution<K> | undefined] = [undefined, undefined];

  /** `apiKeyId` is undefined for the organization scope. */
  constructor(readonly apiKeyId: string | undefined) {}

  add(candidate: Candidate<K>, keepSorted: boolean): void {
    if (keepSorted) insertSorted(this.keys, candidate);
    else this.keys.push(candidate);
    for (const region of candidate.regions) {
      let list = this.byRegion.get(region);
      if (!list) {
        list = [];
        this.byRegion.set(region, list);
      }
      if (keepSorted) insertSorted(list, candidate);
      else list.push(candidate);
    }
  }

  remove(candidate: Candidate<K>): void {
    removeSorted(this.keys, candidate);
    for (const region of candidate.regions) {
      const list = this.byRegion.get(region);
      if (list && removeSorted(list, candidate) && list.length === 0) this.byRegion.delete(region);
    }
  }

  /** After a bulk load with `keepSorted: false`. */
  sort(): void {
    this.keys.sort(compareCandidates);
    for (const list of this.byRegion.values()) list.sort(compareCandidates);
  }

  /** The candidates that hold `region` exactly, else those holding `global`. */
  serving(region: string): { list: Candidate<K>[] | undefined; matched: string } {
    const exact = this.byRegion.get(region);
    if (exact) return { list: exact, matched: region };
    return { list: this.byRegion.get(GLOBAL_REGION), matched: GLOBAL_REGION };
  }

  /** A region's answer, without (`variant` 0) or with (1) an `api_key_id` in the query. */
  answer(variant: 0 | 1, region: string, compute: () => Resolution<K>): Resolution<K> {
    const answers = this.answers[variant];
    let found = answers.get(region);
    if (found === undefined) {
      if (answers.size >= MAX_CACHED_REGIONS) answers.clear();
      found = compute();
      answers.set(region, found);
    }
    return found;
  }

  forget(): void {
    this.answers[0].clear();
    this.answers[1].clear();
    this.plain[0] = this.plain[1] = undefined;
  }
}
