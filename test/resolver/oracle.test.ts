import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createResolver,
  type ResolvableKey,
  type ResolveQuery,
  type ResolverApiKey,
} from "../../src/resolver/index.js";
import {
  apiKeysArb,
  IDS,
  QUERIES,
  recordArb,
  recordsArb,
  type Summary,
  summarize,
} from "./support.js";

/**
 * The reference: DESIGN.md's resolution rules as a plain linear scan, written to be obviously
 * right rather than fast. Every answer of the indexed resolver must match it.
 */
function referenceResolve(
  records: readonly ResolvableKey[],
  query: ResolveQuery,
  apiKeys: readonly ResolverApiKey[] = [],
): Summary {
  const time = (r: ResolvableKey) => {
    const ms = Date.parse(r.created_at);
    return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms; // unparsable or missing: newest
  };
  // Ties: the oldest created_at, then the smaller id.
  const tieOrder = (a: ResolvableKey, b: ResolvableKey) => {
    if (time(a) !== time(b)) return time(a) < time(b) ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  // Missing api_key_ids, or a list of empty ids only: an unknown assignment, no scope at all.
  const known = (r: ResolvableKey) =>
    r.api_key_ids !== undefined && (r.api_key_ids.length === 0 || r.api_key_ids.some(Boolean));
  const assignedTo = (r: ResolvableKey) => (r.api_key_ids ?? []).filter(Boolean);
  const regionsOf = (r: ResolvableKey) =>
    r.preview?.type === "aws_iam" ? r.preview.regions.map((entry) => entry.region) : [];

  // 1. Candidates: the active keys of the provider.
  const candidates = records.filter(
    (r) => r.provider === query.provider && r.active !== false && known(r),
  );
  // 2. Scope: keys assigned to the API key, else the organization's; never both.
  const apiKeyId = query.api_key_id;
  const forApiKey =
    apiKeyId === undefined ? [] : candidates.filter((r) => assignedTo(r).includes(apiKeyId));
  const scope = forApiKey.length > 0 ? "api_key" : "organization";
  const pool = (
    scope === "api_key" ? forApiKey : candidates.filter((r) => assignedTo(r).length === 0)
  ).sort(tieOrder);
  if (pool.length === 0) {
    // 7. BYOK-only: the query's flag, else the one learned for its API key.
    const learned = apiKeys.some((k) => k.id === apiKeyId && k.byok_only === true);
    return { status: (query.byok_only ?? learned) ? "rejected" : "unassigned" };
  }
  const ids = (keys: readonly ResolvableKey[]) => keys.map((k) => k.id);
  if (query.provider !== "bedrock") {
    const [winner, ...losers] = pool as [ResolvableKey, ...ResolvableKey[]];
    return { status: "resolved", key: winner.id, scope, shadowed: ids(losers) };
  }
  // 3. Bedrock: the exact region, else global; absent or "global" means global only.
  const requested = query.region ?? "global";
  const holding = (region: string) => pool.filter((r) => regionsOf(r).includes(region));
  const exact = requested === "global" ? [] : holding(requested);
  const matched = exact.length > 0 ? requested : "global";
  const tier = exact.length > 0 ? exact : holding("global");
  if (tier.length === 0) return { status: "region_unavailable", scope, keys: ids(pool) };
  // 4. The tie inside the chosen scope and region tier.
  const [winner, ...losers] = tier as [ResolvableKey, ...ResolvableKey[]];
  return {
    status: "resolved",
    key: winner.id,
    scope,
    region: { requested, matched },
    shadowed: ids(losers),
  };
}

function expectLikeReference(
  resolver: ReturnType<typeof createResolver>,
  records: readonly ResolvableKey[],
  apiKeys: readonly ResolverApiKey[] = [],
): void {
  for (const query of QUERIES) {
    const actual = summarize(resolver.resolve(query));
    const expected = referenceResolve(records, query, apiKeys);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      // toEqual only on a mismatch keeps the loop fast and the failure readable.
      expect({ query, answer: actual }).toEqual({ query, answer: expected });
    }
  }
}

const removeOrUpsert = fc.oneof(
  { arbitrary: recordArb.map((record) => ({ upsert: record })), weight: 3 },
  { arbitrary: fc.constantFrom(...IDS).map((id) => ({ remove: id })), weight: 1 },
);

describe("resolver against a linear-scan reference of DESIGN.md's rules", () => {
  it("answers every query like the reference (scopes, Bedrock regions incl. global, ties)", () => {
    fc.assert(
      fc.property(recordsArb, (records) => {
        expectLikeReference(createResolver(records), records);
      }),
      { numRuns: 300 },
    );
  });

  it("answers like the reference given the API keys (learned BYOK-only), and after setApiKeys", () => {
    fc.assert(
      fc.property(recordsArb, apiKeysArb, apiKeysArb, (records, apiKeys, later) => {
        const resolver = createResolver(records, { apiKeys });
        expectLikeReference(resolver, records, apiKeys);
        resolver.setApiKeys(later);
        expectLikeReference(resolver, records, later);
      }),
      { numRuns: 200 },
    );
  });

  it("keeps answering like the reference through upserts and removes, asked between writes", () => {
    fc.assert(
      fc.property(recordsArb, fc.array(removeOrUpsert, { maxLength: 12 }), (initial, writes) => {
        const resolver = createResolver(initial);
        const model = new Map(initial.map((r) => [r.id, r]));
        expectLikeReference(resolver, [...model.values()]);
        for (const write of writes) {
          if ("upsert" in write) {
            resolver.upsert(write.upsert);
            model.set(write.upsert.id, write.upsert);
          } else {
            expect(resolver.remove(write.remove)).toBe(model.delete(write.remove));
          }
          expect(resolver.size).toBe(model.size);
          expectLikeReference(resolver, [...model.values()]);
        }
      }),
      { numRuns: 250 },
    );
  });

  it("lints exactly the keys that win no query of the reference", () => {
    fc.assert(
      fc.property(recordsArb, (records) => {
        const winners = new Set<string>();
        for (const query of QUERIES) {
          const answer = referenceResolve(records, query);
          if (answer.status === "resolved") winners.add(answer.key);
        }
        const neverWin = records.map((r) => r.id).filter((id) => !winners.has(id));
        const linted = createResolver(records)
          .lint()
          .map((finding) => finding.key.id);
        expect(linted.sort()).toEqual(neverWin.sort());
      }),
      { numRuns: 300 },
    );
  });

  it("given the API keys, lints exactly the keys that win no query of a live API key", () => {
    fc.assert(
      fc.property(recordsArb, apiKeysArb, (records, apiKeys) => {
        const live = new Set(apiKeys.filter((k) => k.active !== false).map((k) => k.id));
        const winners = new Set<string>();
        for (const query of QUERIES) {
          // A gone or inactive API key sends no request; a query without one stands for the
          // organization's default, which any API key (even one created later) may use.
          if (query.api_key_id !== undefined && !live.has(query.api_key_id)) continue;
          const answer = referenceResolve(records, query, apiKeys);
          if (answer.status === "resolved") winners.add(answer.key);
        }
        const neverWin = records.map((r) => r.id).filter((id) => !winners.has(id));
        const linted = createResolver(records, { apiKeys })
          .lint()
          .map((finding) => finding.key.id);
        expect(linted.sort()).toEqual(neverWin.sort());
      }),
      { numRuns: 300 },
    );
  });
});
