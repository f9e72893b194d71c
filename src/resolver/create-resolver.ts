import { PROVIDER_IDS } from "../providers/ids.js";
import { GLOBAL_REGION, isBedrockRegionKey } from "../providers/region-code.js";
import { ALL, byAge, type Candidate, toCandidate } from "./candidate.js";
import { keyList, keyName, scopeName } from "./explain.js";
import { type ProviderIndex, place, type Tier } from "./tier.js";
import type {
  LintFinding,
  Resolution,
  ResolvableKey,
  Resolved,
  ResolveQuery,
  Resolver,
} from "./types.js";
import { invalid } from "./validate.js";

const { freeze } = Object;

/** Inactive keys are never candidates; an explanation still says they were skipped. */
const skipped = (p: ProviderIndex<ResolvableKey>) =>
  p.inactive ? ` Skipped: ${p.inactive} inactive key(s).` : "";

/** Rule 3 of DESIGN.md, said wherever the API-key scope was chosen. */
const NOT_CONSULTED =
  " Organization keys are not consulted, so another account is never billed silently.";

/**
 * Indexes provider-key records (the public, masked shape the API returns) and answers which
 * key serves a request, in constant time. Pure: no I/O, no clock, no dependency.
 *
 * @example
 * const records = [];
 * for await (const key of client.providerKeys.list({ limit: 100 })) records.push(key); // every page
 * const resolver = createResolver(records);
 * const answer = resolver.resolve({ provider: "bedrock", api_key_id: "key_staging", region: "eu-west-1" });
 * if (answer.status === "resolved") console.log(answer.key.id, answer.explanation);
 */
export function createResolver<K extends ResolvableKey>(records: Iterable<K> = []): Resolver<K> {
  const byId = new Map<string, Candidate<K>>();
  const index = new Map<string, ProviderIndex<K>>();
  for (const provider of PROVIDER_IDS) {
    index.set(provider, {
      provider,
      tiers: new Map(),
      answers: new Map(),
      fast: new Map(),
      inactive: 0,
    });
  }

  /** Adds (`1`) or removes (`-1`) a candidate, and drops the provider's cached answers. */
  const apply = (candidate: Candidate<K>, sign: number) => {
    const p = index.get(candidate.provider);
    // A provider byokit does not know (a newer API's) is kept, never resolved; an inactive
    // key (no scope) changes no answer.
    if (!p) return;
    p.fast.clear();
    p.answers.clear();
    p.unassigned = undefined;
    // Inactive keys are only counted: explanations say how many were skipped.
    if (!candidate.scopes.length) p.inactive += sign;
    for (const id of candidate.scopes) {
      const tier: Tier<K> = p.tiers.get(id) ?? new Map();
      place(tier, candidate, sign);
      // An empty scope must disappear, or it would hide the organization scope below it.
      if (tier.size) p.tiers.set(id, tier);
      else p.tiers.delete(id);
    }
  };

  const remove = (id: string) => {
    const candidate = byId.get(id);
    if (candidate) {
      byId.delete(id);
      apply(candidate, -1);
    }
    return !!candidate;
  };

  const upsert = (record: K) => {
    if (typeof record?.id !== "string" || !record.id)
      throw invalid("id", "must be a non-empty string");
    if (typeof record.provider !== "string") throw invalid("provider", "must be a string");
    remove(record.id);
    const candidate = toCandidate(record);
    byId.set(record.id, candidate);
    apply(candidate, 1);
  };

  for (const record of records) upsert(record);

  return {
    resolve(query: ResolveQuery): Resolution<K> {
      // A query that is not an object has no provider either: one check, one typed error.
      const p = index.get((query as Partial<ResolveQuery> | null)?.provider as string);
      if (!p) throw invalid("provider", `must be one of ${PROVIDER_IDS.join(", ")}`);
      const { api_key_id: apiKeyId, region } = query;
      if (apiKeyId !== undefined && (typeof apiKeyId !== "string" || !apiKeyId)) {
        throw invalid("api_key_id", "must be a non-empty string");
      }
      const bedrock = p.provider === "bedrock";
      // The hot path: a non-Bedrock answer per API key is one more Map.get away.
      const remembered = apiKeyId && !bedrock && p.fast.get(apiKeyId);
      if (remembered) return remembered;
      const answer = answerFor(p, apiKeyId, bedrock ? (region ?? GLOBAL_REGION) : ALL);
      if (apiKeyId && !bedrock && p.fast.size < 2 * p.tiers.size + 1024)
        p.fast.set(apiKeyId, answer);
      return answer;
    },
    upsert,
    remove,
    lint() {
      // A key never wins when, in each of its scopes and (Bedrock) region entries, another wins.
      const findings: LintFinding<K>[] = [];
      for (const { record, provider, scopes, regions } of byId.values()) {
        const p = index.get(provider);
        let reason: string | undefined = !p
          ? `has an unknown provider, ${provider}`
          : scopes.length
            ? "holds no region"
            : "is inactive";
        for (const scope of p ? scopes : []) {
          for (const region of provider === "bedrock" ? regions : [ALL]) {
            const winner = (answerFor(p!, scope || undefined, region) as Resolved<K>).key;
            if (winner === record) reason = "";
            else
              reason &&= `is shadowed by ${keyName(winner)} in ${scopeName(scope)}${region && ` for ${region}`}`;
          }
        }
        if (reason) findings.push({ key: record, reason: `${keyName(record)} ${reason}` });
      }
      return findings;
    },
    get size() {
      return byId.size;
    },
  };
}

/** Chooses the scope, then (Bedrock) the region entry; `region` is {@link ALL} for the others. */
function answerFor<K extends ResolvableKey>(
  p: ProviderIndex<K>,
  apiKeyId: string | undefined,
  region: string,
): Resolution<K> {
  const own = apiKeyId ? p.tiers.get(apiKeyId) : undefined;
  const scopeId = own ? (apiKeyId as string) : ALL;
  let cache = p.answers.get(scopeId);
  let answer = cache?.get(region);
  if (answer) return answer;
  // Validated here, off the hot path: a cached region was valid when it was cached.
  if (p.provider === "bedrock" && !isBedrockRegionKey(region)) {
    throw invalid("region", 'must be an AWS region code or "global"');
  }
  const tier = own ?? p.tiers.get(ALL);
  if (!tier) {
    p.unassigned ??= freeze({
      status: "unassigned",
      explanation: `No active ${p.provider} key serves this API key or the organization: the gateway uses its shared keys.${skipped(p)}`,
    });
    return p.unassigned;
  }
  if (!cache) {
    cache = new Map();
    p.answers.set(scopeId, cache);
  }
  for (const list of tier.values()) list.sort(byAge);
  answer = build(p, tier, scopeId, region);
  // Bounded: made-up region codes cannot grow the cache without end.
  if (cache.size > 511) cache.clear();
  cache.set(region, answer);
  return answer;
}

function build<K extends ResolvableKey>(
  p: ProviderIndex<K>,
  tier: Tier<K>,
  scopeId: string,
  region: string,
): Resolution<K> {
  const own = scopeId !== ALL;
  const scope = own ? "api_key" : "organization";
  const where = scopeName(scopeId);
  const all = tier.get(ALL) ?? [];
  const exact = tier.get(region);
  const matched = exact ? region : GLOBAL_REGION;
  const [winner, ...losers] = exact ?? tier.get(GLOBAL_REGION) ?? [];
  if (!winner) {
    return freeze({
      status: "region_unavailable",
      scope,
      keys: freeze(all.map((c) => c.record)),
      explanation: `No ${p.provider} key of ${where} holds ${region === GLOBAL_REGION ? "" : `${region} or `}global credentials: ${keyList(all, true)}.${
        own ? NOT_CONSULTED : ""
      }`,
    });
  }
  return freeze({
    status: "resolved",
    key: winner.record,
    scope,
    ...(region && { region: freeze({ requested: region, matched }) }),
    shadowed: freeze(losers.map((c) => c.record)),
    explanation:
      `Uses ${p.provider} key ${keyName(winner.record)}, ${own ? `assigned to ${where}` : "the organization's default"}.` +
      (region &&
        ` Region entry: ${matched}${matched === region ? "" : ` (no key here holds ${region})`}.`) +
      (losers.length ? ` Shadowed (newer, or same age and a larger id): ${keyList(losers)}.` : "") +
      (own ? NOT_CONSULTED : "") +
      skipped(p),
  });
}
