import type { ProviderId } from "../providers/ids.js";
import type { Candidate } from "./candidate.js";
import { Tier } from "./tier.js";
import type { Resolution, ResolvableKey, Unassigned } from "./types.js";

/** The tiers of one provider: the organization scope and one per API key. */
export class ProviderIndex<K extends ResolvableKey> {
  org: Tier<K> | undefined;
  readonly byApiKey = new Map<string, Tier<K>>();
  /** Counted for explanations ("2 inactive keys were skipped"). */
  inactive = 0;
  orgKeys = 0;
  unassigned: Unassigned | undefined;
  /**
   * Non-Bedrock answers by `api_key_id`, so the common request costs two Map lookups in all.
   * Bounded: ids that name no tier (a flood of made-up ids) stop being remembered past the cap.
   */
  readonly answers = new Map<string, Resolution<K>>();

  readonly bedrock: boolean;

  constructor(readonly provider: ProviderId) {
    this.bedrock = provider === "bedrock";
  }

  add(candidate: Candidate<K>, keepSorted: boolean): void {
    if (candidate.record.active === false) {
      this.inactive++;
      return;
    }
    for (const tier of this.tiersOf(candidate, true)) tier.add(candidate, keepSorted);
  }

  remove(candidate: Candidate<K>): void {
    if (candidate.record.active === false) {
      this.inactive--;
      return;
    }
    for (const tier of this.tiersOf(candidate, false)) {
      tier.remove(candidate);
      if (tier.keys.length > 0) continue;
      // An empty scope must disappear, or it would hide the organization scope below it.
      if (tier.apiKeyId === undefined) this.org = undefined;
      else this.byApiKey.delete(tier.apiKeyId);
    }
  }

  /** Every tier, organization first. */
  tiers(): Tier<K>[] {
    return this.org ? [this.org, ...this.byApiKey.values()] : [...this.byApiKey.values()];
  }

  private tiersOf(candidate: Candidate<K>, create: boolean): Tier<K>[] {
    const ids = candidate.record.api_key_ids ?? [];
    if (ids.length === 0) {
      this.orgKeys += create ? 1 : -1;
      if (!this.org && create) this.org = new Tier<K>(undefined);
      return this.org ? [this.org] : [];
    }
    const tiers: Tier<K>[] = [];
    for (const id of new Set(ids)) {
      let tier = this.byApiKey.get(id);
      if (!tier && create) {
        tier = new Tier<K>(id);
        this.byApiKey.set(id, tier);
      }
      if (tier) tiers.push(tier);
    }
    return tiers;
  }

  remember(apiKeyId: string, answer: Resolution<K>): void {
    if (this.answers.size < 2 * this.byApiKey.size + 1024) this.answers.set(apiKeyId, answer);
  }

  /**
   * Any write can change any explanation of this provider: drop the cached answers. Called
   * once per live write; a bulk load has nothing cached yet.
   */
  forget(): void {
    this.unassigned = undefined;
    this.answers.clear();
    this.org?.forget();
    for (const tier of this.byApiKey.values()) tier.forget();
  }
}
