import type { ProviderId } from "../providers/ids.js";
import type { Candidate } from "./candidate.js";
import { Tier } from "./tier.js";
import type { ResolvableKey, Unassigned } from "./types.js";

/** The tiers of one provider: the organization scope and one per API key. */
export class ProviderIndex<K extends ResolvableKey> {
  org: Tier<K> | undefined;
  readonly byApiKey = new Map<string, Tier<K>>();
  /** Counted for explanations ("2 inactive keys were skipped"). */
  inactive = 0;
  orgKeys = 0;
  unassigned: Unassigned | undefined;

  constructor(readonly provider: ProviderId) {}

  add(candidate: Candidate<K>, keepSorted: boolean): void {
    // A bulk load (unsorted appends) has no cached answer yet; forgetting on each of its adds
    // would cost O(records × API keys).
    if (keepSorted) this.forget();
    if (!candidate.active) {
      this.inactive++;
      return;
    }
    for (const tier of this.tiersOf(candidate, true)) tier.add(candidate, keepSorted);
  }

  remove(candidate: Candidate<K>): void {
    this.forget();
    if (!candidate.active) {
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
    const ids = candidate.apiKeyIds;
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

  /** Any write can change any explanation of this provider: drop the cached answers. */
  private forget(): void {
    this.unassigned = undefined;
    this.org?.forget();
    for (const tier of this.byApiKey.values()) tier.forget();
  }
}
