import { GLOBAL_REGION, isBedrockRegionKey } from "../providers/region-code.js";
import { ALL, byAge, type Candidate, type Idle, toCandidate } from "./candidate.js";
import { keyList, keyName, scopeName } from "./explain.js";
import { PROVIDER_LABELS } from "./labels.js";
import { type ProviderIndex, place, type Tier } from "./tier.js";
import type {
  LintFinding,
  Resolution,
  ResolvableKey,
  Resolved,
  ResolveQuery,
  Resolver,
  ResolverApiKey,
  ResolverOptions,
} from "./types.js";
import { checkFlag, checkId, invalid } from "./validate.js";

const { freeze } = Object;

/** Keys that compete nowhere are never candidates; an explanation still says they were skipped. */
const skipped = ({ idle }: ProviderIndex<ResolvableKey>) =>
  (idle.inactive ? ` Skipped: ${idle.inactive} inactive key(s).` : "") +
  (idle.unknown ? ` Skipped: ${idle.unknown} key(s) of unknown assignment.` : "");

/** Why `lint()` reports a key that competes nowhere. */
const IDLE_REASONS: Record<Idle, string> = {
  inactive: "is inactive",
  unknown: "has an unknown assignment (no api_key_ids), so it serves no request",
};

/** Rule 3 of DESIGN.md, said wherever the API-key scope was chosen. */
const NOT_CONSULTED = " Organization keys are not consulted, so no other account is billed.";

/** The start of both answers of rule 1 (unassigned, and BYOK-only's rejected). */
const noKey = (p: ProviderIndex<ResolvableKey>) =>
  `No active ${p.label} key serves this API key or the organization`;

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
 *
 * // Given the gateway API keys, it learns which are BYOK-only (Edgee's `byok_only`):
 * const strict = createResolver(records, { apiKeys: [{ id: "key_ci", byok_only: true }] });
 * strict.resolve({ provider: "mistral", api_key_id: "key_ci" }).status; // "rejected" if no key serves
 */
export function createResolver<K extends ResolvableKey>(
  records: Iterable<K> = [],
  options?: ResolverOptions,
): Resolver<K> {
  const byId = new Map<string, Candidate<K>>();
  const index = new Map<string, ProviderIndex<K>>();
  for (const [provider, label] of Object.entries(PROVIDER_LABELS)) {
    index.set(provider, {
      provider,
      label,
      tiers: new Map(),
      answers: new Map(),
      fast: new Map(),
      idle: { inactive: 0, unknown: 0 },
    });
  }
  /** Ids of the active gateway API keys, once known: lint() treats every other id as gone. */
  let liveApiKeys: Set<string> | undefined;
  /** Ids of the BYOK-only gateway API keys, as learned; a query's own `byok_only` beats it. */
  let byokOnlyApiKeys = new Set<string>();

  const setApiKeys = (apiKeys: readonly ResolverApiKey[]) => {
    // Everything is checked before anything changes.
    if (!Array.isArray(apiKeys)) throw invalid("apiKeys", "must be an array");
    for (const [i, apiKey] of apiKeys.entries()) {
      checkId(apiKey?.id, `apiKeys[${i}].id`);
      checkFlag(apiKey.byok_only, `apiKeys[${i}].byok_only`);
      checkFlag(apiKey.active, `apiKeys[${i}].active`);
    }
    // Cached answers stay valid: BYOK-only is applied after them, and only lint() reads liveness.
    liveApiKeys = new Set(apiKeys.filter((k) => k.active !== false).map((k) => k.id));
    byokOnlyApiKeys = new Set(apiKeys.filter((k) => k.byok_only).map((k) => k.id));
  };

  /** Adds (`1`) or removes (`-1`) a candidate, and drops the provider's cached answers. */
  const apply = (candidate: Candidate<K>, sign: number) => {
    const p = index.get(candidate.provider);
    // A provider byokit does not know (a newer API's) is kept, never resolved; an inactive
    // key (no scope) changes no answer.
    if (!p) return;
    p.fast.clear();
    p.answers.clear();
    p.unassigned = undefined;
    // Idle keys are only counted: explanations say how many were skipped.
    if (candidate.idle) p.idle[candidate.idle] += sign;
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
    checkId(record?.id, "id");
    if (typeof record.provider !== "string") throw invalid("provider", "must be a string");
    remove(record.id);
    const candidate = toCandidate(record);
    byId.set(record.id, candidate);
    apply(candidate, 1);
  };

  if (options?.apiKeys !== undefined) setApiKeys(options.apiKeys);
  for (const record of records) upsert(record);

  return {
    resolve(query: ResolveQuery): Resolution<K> {
      // A query that is not an object has no provider either: one check, one typed error.
      const p = index.get((query as Partial<ResolveQuery> | null)?.provider as string);
      if (!p) throw invalid("provider", `must be one of ${[...index.keys()].join(", ")}`);
      const { api_key_id: apiKeyId, region, byok_only: byokOnly } = query;
      if (apiKeyId !== undefined) checkId(apiKeyId, "api_key_id");
      checkFlag(byokOnly, "byok_only");
      const answer = cachedAnswer(p, apiKeyId, region);
      // Rule 7: BYOK-only changes only the answer that would send the request to the shared
      // keys (region_unavailable already refuses). The query's own flag beats the learned one.
      if (answer.status !== "unassigned") return answer;
      if (!(byokOnly ?? (!!apiKeyId && byokOnlyApiKeys.has(apiKeyId)))) return answer;
      // Built per call: a refusal is off the hot path, and it keeps no state to invalidate.
      return freeze({
        status: "rejected",
        explanation: `${noKey(p)}, and the request is BYOK-only: the gateway refuses it instead of using its shared keys.${skipped(p)}`,
      });
    },
    upsert,
    remove,
    setApiKeys,
    lint() {
      // A key never wins when, in each of its scopes and (Bedrock) region entries, another wins.
      const findings: LintFinding<K>[] = [];
      for (const { record, provider, scopes, idle, regions } of byId.values()) {
        const p = index.get(provider);
        // Scopes of gone or inactive API keys get no request; the organization's always may.
        const live = scopes.filter((id) => id === ALL || !liveApiKeys || liveApiKeys.has(id));
        let reason: string | undefined = !p
          ? `has an unknown provider, ${provider}`
          : idle
            ? IDLE_REASONS[idle]
            : live.length
              ? "holds no region"
              : "is assigned only to API keys that no longer exist or are inactive";
        for (const scope of p ? live : []) {
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

/** The hot path: a non-Bedrock answer per API key is one more Map.get away. */
function cachedAnswer<K extends ResolvableKey>(
  p: ProviderIndex<K>,
  apiKeyId: string | undefined,
  region: string | undefined,
): Resolution<K> {
  const bedrock = p.provider === "bedrock";
  const remembered = apiKeyId && !bedrock && p.fast.get(apiKeyId);
  if (remembered) return remembered;
  const answer = answerFor(p, apiKeyId, bedrock ? (region ?? GLOBAL_REGION) : ALL);
  if (apiKeyId && !bedrock && p.fast.size < 2 * p.tiers.size + 1024) p.fast.set(apiKeyId, answer);
  return answer;
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
      explanation: `${noKey(p)}: the gateway uses its shared keys.${skipped(p)}`,
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
      explanation: `No ${p.label} key of ${where} holds ${region === GLOBAL_REGION ? "" : `${region} or `}global credentials: ${keyList(all, true)}.${
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
      `Uses the ${p.label} key ${keyName(winner.record)}, ${own ? `assigned to ${where}` : "the organization's default"}.` +
      (region &&
        ` Region entry: ${matched}${matched === region ? "" : ` (no key here holds ${region})`}.`) +
      (losers.length ? ` Shadowed (newer, or same age and a larger id): ${keyList(losers)}.` : "") +
      (own ? NOT_CONSULTED : "") +
      skipped(p),
  });
}
