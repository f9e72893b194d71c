import { ALL, type Candidate, type Idle } from "./candidate.js";
import type { Resolution, ResolvableKey, Unassigned } from "./types.js";

/**
 * The active candidates of one scope of one provider: every candidate under {@link ALL} and,
 * for Bedrock, the candidates holding each region entry (`global` included). Lists are sorted
 * by the tie rule when an answer is built, so the winner is at index 0 and a write costs no sort.
 */
export type Tier<K extends ResolvableKey> = Map<string, Candidate<K>[]>;

/** One provider's scopes, by API key id (the organization under {@link ALL}), and its answers. */
export interface ProviderIndex<K extends ResolvableKey> {
  readonly provider: string;
  /** Its label as admin tools show it (`AWS Bedrock`), for explanations. */
  readonly label: string;
  readonly tiers: Map<string, Tier<K>>;
  /** Answers built once per state, by scope id then region; cleared on every write. */
  readonly answers: Map<string, Map<string, Resolution<K>>>;
  /**
   * Non-Bedrock answers by `api_key_id`: the common request costs two Map lookups in all.
   * Bounded, so a flood of made-up ids is not remembered past the cap.
   */
  readonly fast: Map<string, Resolution<K>>;
  /** Keys of the provider that compete nowhere, by why, for explanations. */
  readonly idle: Record<Idle, number>;
  /** The answer when no scope has a candidate; built once per state. */
  unassigned?: Unassigned | undefined;
}

/** Adds (`sign` 1) or removes (`-1`) a candidate in every list of the tier. */
export function place<K extends ResolvableKey>(
  tier: Tier<K>,
  candidate: Candidate<K>,
  sign: number,
): void {
  for (const name of [ALL, ...candidate.regions]) {
    const list = tier.get(name) ?? [];
    // A candidate is removed with the fields it was placed with: it is in every list it names.
    if (sign > 0) list.push(candidate);
    else list.splice(list.indexOf(candidate), 1);
    if (list.length) tier.set(name, list);
    else tier.delete(name);
  }
}
