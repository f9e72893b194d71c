import { byAge, type Candidate } from "./candidate.js";
import { keyName, scopeName } from "./explain.js";
import { ALL, type ProviderIndex } from "./tier.js";
import type { LintFinding, ResolvableKey } from "./types.js";

/**
 * The keys that can never win a resolution, and why: inactive, a Bedrock key holding no
 * region, or one that loses the tie in every scope and region entry it belongs to.
 */
export function lintIndex<K extends ResolvableKey>(
  candidates: Iterable<Candidate<K>>,
  index: Iterable<ProviderIndex<K>>,
): LintFinding<K>[] {
  const winners = new Set<Candidate<K>>();
  const lostTo = new Map<Candidate<K>, string>();
  for (const { provider, tiers } of index) {
    for (const [scopeId, tier] of tiers) {
      for (const [region, list] of tier) {
        // Bedrock competes per region entry, the others over the whole scope. Lists are never empty.
        if ((provider === "bedrock") === (region === ALL)) continue;
        const [winner, ...losers] = list.sort(byAge) as [Candidate<K>, ...Candidate<K>[]];
        winners.add(winner);
        for (const loser of losers) {
          lostTo.set(
            loser,
            `is shadowed by ${keyName(winner.record)} in ${scopeName(scopeId)}${region && ` for ${region}`}`,
          );
        }
      }
    }
  }
  const findings: LintFinding<K>[] = [];
  for (const candidate of candidates) {
    const { record } = candidate;
    const reason =
      record.active === false
        ? "is inactive"
        : record.provider === "bedrock" && !candidate.regions.length
          ? "holds no region"
          : lostTo.get(candidate);
    if (reason && !winners.has(candidate))
      findings.push({ key: record, reason: `${keyName(record)} ${reason}` });
  }
  return findings;
}
