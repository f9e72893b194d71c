import { GLOBAL_REGION } from "../providers/aws-regions.js";
import { PROVIDER_IDS, type ProviderId } from "../providers/ids.js";
import { PROVIDER_LABELS } from "../providers/labels.js";
import { type Candidate, toCandidate } from "./candidate.js";
import {
  describeKey,
  describeScope,
  explainRegion,
  explainShadowed,
  explainSkipped,
  explainUnavailable,
} from "./explain.js";
import { lintIndex } from "./lint.js";
import { ProviderIndex } from "./provider-index.js";
import type { Tier } from "./tier.js";
import type { Resolution, ResolvableKey, ResolveQuery, Resolver, Unassigned } from "./types.js";
import { checkApiKeyId, checkRecord, checkRegion, invalid, invalidProvider } from "./validate.js";

/**
 * Indexes provider-key records (the public, masked shape the API returns) and answers which
 * key serves a request, in constant time. Pure: no I/O, no clock, no dependency.
 *
 * @example
 * const resolver = createResolver(await client.providerKeys.list({ limit: 100 }).data);
 * const answer = resolver.resolve({ provider: "bedrock", api_key_id: "key_staging", region: "eu-west-1" });
 * if (answer.status === "resolved") console.log(answer.key.id, answer.explanation);
 */
export function createResolver<K extends ResolvableKey>(records: Iterable<K> = []): Resolver<K> {
  const byId = new Map<string, Candidate<K>>();
  const index = new Map<string, ProviderIndex<K>>(
    PROVIDER_IDS.map((provider) => [provider, new ProviderIndex<K>(provider)]),
  );

  const put = (record: K, live: boolean) => {
    checkRecord(record);
    const previous = byId.get(record.id);
    if (previous) unindex(previous, live);
    const candidate = toCandidate(record);
    byId.set(record.id, candidate);
    // A provider byokit does not know is kept (and counted) but never resolved.
    const providerIndex = index.get(record.provider);
    providerIndex?.add(candidate, live);
    if (live) providerIndex?.forget();
  };
  const unindex = (candidate: Candidate<K>, live: boolean) => {
    const providerIndex = index.get(candidate.record.provider);
    providerIndex?.remove(candidate);
    if (live) providerIndex?.forget();
  };

  // Bulk load: append, then sort each list once (O(n log n), not n sorted inserts).
  for (const record of records) put(record, false);
  for (const providerIndex of index.values()) for (const tier of providerIndex.tiers()) tier.sort();

  return {
    resolve(query: ResolveQuery): Resolution<K> {
      if (typeof query !== "object" || query === null) {
        throw invalid("", "the query must be an object { provider, api_key_id?, region? }");
      }
      const providerIndex = index.get(query.provider);
      if (providerIndex === undefined) throw invalidProvider();
      const apiKeyId = query.api_key_id;
      if (apiKeyId === undefined) return resolveIn(providerIndex, undefined, query.region);
      checkApiKeyId(apiKeyId);
      // The hot path: a non-Bedrock answer per API key is one Map.get away.
      if (providerIndex.bedrock) return resolveIn(providerIndex, apiKeyId, query.region);
      const remembered = providerIndex.answers.get(apiKeyId);
      if (remembered !== undefined) return remembered;
      const fresh = resolveIn(providerIndex, apiKeyId, undefined);
      providerIndex.remember(apiKeyId, fresh);
      return fresh;
    },

    upsert(record: K): void {
      put(record, true);
    },

    remove(id: string): boolean {
      const candidate = byId.get(id);
      if (!candidate) return false;
      byId.delete(id);
      unindex(candidate, true);
      return true;
    },

    lint() {
      return lintIndex(byId.values(), index);
    },

    get size() {
      return byId.size;
    },
  };
}

/** Chooses the scope, then (Bedrock) the region entry; answers are built once per state. */
function resolveIn<K extends ResolvableKey>(
  providerIndex: ProviderIndex<K>,
  apiKeyId: string | undefined,
  region: string | undefined,
): Resolution<K> {
  let tier = apiKeyId === undefined ? undefined : providerIndex.byApiKey.get(apiKeyId);
  const apiKeyScope = tier !== undefined;
  tier ??= providerIndex.org;
  if (tier === undefined) {
    providerIndex.unassigned ??= unassigned(providerIndex);
    return providerIndex.unassigned;
  }
  const variant = apiKeyId === undefined ? 0 : 1;
  const bedrock = providerIndex.bedrock;
  if (!bedrock || region === undefined || region === GLOBAL_REGION) {
    const cached = tier.plain[variant];
    if (cached !== undefined) return cached;
    const fresh = answer(
      providerIndex,
      tier,
      apiKeyScope,
      variant,
      bedrock ? GLOBAL_REGION : undefined,
    );
    tier.plain[variant] = fresh;
    return fresh;
  }
  checkRegion(region);
  const chosen = tier;
  return tier.answer(variant, region, () =>
    answer(providerIndex, chosen, apiKeyScope, variant, region),
  );
}

function unassigned<K extends ResolvableKey>(providerIndex: ProviderIndex<K>): Unassigned {
  const label = PROVIDER_LABELS[providerIndex.provider];
  return Object.freeze({
    status: "unassigned",
    explanation: `No active ${label} key is assigned to this API key or to the organization, so the gateway uses its own shared ${label} keys.${explainSkipped(0, providerIndex.inactive, false)}`,
  });
}

/** Builds (once per state) the frozen answer of one tier for one region, or none. */
function answer<K extends ResolvableKey>(
  providerIndex: ProviderIndex<K>,
  tier: Tier<K>,
  apiKeyScope: boolean,
  variant: number,
  region: string | undefined,
): Resolution<K> {
  const provider: ProviderId = providerIndex.provider;
  const label = PROVIDER_LABELS[provider];
  const scope = apiKeyScope ? "api_key" : "organization";
  const { list, matched } =
    region === undefined ? { list: tier.keys, matched: "" } : tier.serving(region);
  if (!list || list.length === 0) {
    return Object.freeze({
      status: "region_unavailable",
      scope,
      keys: Object.freeze(tier.keys.map((c) => c.record)),
      explanation: explainUnavailable(label, tier.apiKeyId, region ?? GLOBAL_REGION, tier.keys),
    });
  }
  const [winner, ...losers] = list as [Candidate<K>, ...Candidate<K>[]];
  const why = apiKeyScope
    ? `it is assigned to ${describeScope(tier.apiKeyId)}, and keys assigned to an API key outrank organization keys`
    : `it is the organization's ${label} key (all API keys)${variant ? ", and no active one is assigned to this API key" : ""}`;
  const explanation =
    `Uses ${label} key ${describeKey(winner.record)}: ${why}.` +
    (region === undefined ? "" : explainRegion(region, matched)) +
    explainShadowed(losers) +
    explainSkipped(providerIndex.orgKeys, providerIndex.inactive, apiKeyScope);
  return Object.freeze({
    status: "resolved",
    key: winner.record,
    scope,
    ...(region === undefined ? {} : { region: Object.freeze({ requested: region, matched }) }),
    shadowed: Object.freeze(losers.map((c) => c.record)),
    explanation,
  });
}
