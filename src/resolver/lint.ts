import type { Candidate } from "./candidate.js";
import { describeKey, describeScope } from "./explain.js";
import type { ProviderIndex } from "./provider-index.js";
import type { LintFinding, ResolvableKey } from "./types.js";

/**
 * The keys that can never win a resolution, with the reason: inactive, a Bedrock key holding no
 * region, or one that loses the tie in every scope and region it belongs to.
 */
export function lintIndex<K extends ResolvableKey>(
  candidates: Iterable<Candidate<K>>,
  index: ReadonlyMap<string, ProviderIndex<K>>,
): LintFinding<K>[] {
  const winners = new Set<Candidate<K>>();
  const lostTo = new Map<Candidate<K>, string>();
  for (const providerIndex of index.values()) {
    const bedrock = providerIndex.provider === "bedrock";
    for (const tier of providerIndex.tiers()) {
      const lists = bedrock ? [...tier.byRegion] : [["", tier.keys] as const];
      for (const [region, list] of lists) {
        const [winner, ...losers] = list;
        if (!winner) continue;
        winners.add(winner);
        for (const loser of losers) {
          if (lostTo.has(loser)) continue;
          lostTo.set(
            loser,
            `loses the tie to ${describeKey(winner.record)} for ${describeScope(tier.apiKeyId)}${
              region ? `, region ${region}` : ""
            }: the oldest created_at wins, then the smallest id`,
          );
        }
      }
    }
  }
  const findings: LintFinding<K>[] = [];
  for (const candidate of candidates) {
    if (winners.has(candidate)) continue;
    const { record } = candidate;
    let reason = lostTo.get(candidate);
    if (record.active === false) reason = "is inactive, so it is never resolved";
    else if (!index.has(record.provider))
      reason = `has a provider byokit does not know (${record.provider})`;
    else if (record.provider === "bedrock" && candidate.regions.length === 0)
      reason = "holds no region";
    if (reason)
      findings.push(Object.freeze({ key: record, reason: `${describeKey(record)} ${reason}` }));
  }
  return findings;
}
