import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createResolver,
  type ResolvableKey,
  type Resolver,
  type ResolverApiKey,
} from "../../src/resolver/index.js";
import {
  apiKeysArb,
  DATES,
  IDS,
  key,
  QUERIES,
  RECORD_PROVIDERS,
  REGIONS,
  recordArb,
  recordsArb,
  summarize,
} from "./support.js";

const RUNS = { numRuns: 250 };

function answersOf(resolver: Resolver, withExplanations = false) {
  return QUERIES.map((query) => {
    const answer = resolver.resolve(query);
    return withExplanations
      ? { ...summarize(answer), text: answer.explanation }
      : summarize(answer);
  });
}

/** An inactive record with an id no generated record uses. */
const inactiveArb = recordArb.map(
  (record) => ({ ...record, id: `pk_off_${record.id}`, active: false }) as ResolvableKey,
);

describe("resolver properties", () => {
  it("(a) the answers, explanations included, do not depend on record order", () => {
    fc.assert(
      fc.property(
        recordsArb.chain((records) =>
          fc.tuple(
            fc.constant(records),
            fc.shuffledSubarray(records, { minLength: records.length }),
          ),
        ),
        ([records, shuffled]) => {
          expect(answersOf(createResolver(shuffled), true)).toEqual(
            answersOf(createResolver(records), true),
          );
        },
      ),
      RUNS,
    );
  });

  it("(b) adding inactive keys never changes an answer", () => {
    fc.assert(
      fc.property(
        recordsArb,
        fc.array(inactiveArb, { minLength: 1, maxLength: 3 }),
        (records, off) => {
          const before = answersOf(createResolver(records));
          expect(answersOf(createResolver([...records, ...off]))).toEqual(before);
          // The same through upsert on a resolver that has already answered (warm caches).
          const resolver = createResolver(records);
          answersOf(resolver);
          for (const record of off) resolver.upsert(record);
          expect(answersOf(resolver)).toEqual(before);
        },
      ),
      RUNS,
    );
  });

  it("(c) a key assigned only to API key A never serves B nor a query without api_key_id", () => {
    const onlyA = fc.record({
      provider: fc.constantFrom(...RECORD_PROVIDERS),
      at: fc.constantFrom(...DATES),
      regions: fc.subarray([...REGIONS]),
    });
    fc.assert(
      fc.property(recordsArb, onlyA, (records, spec) => {
        const { regions, ...rest } = spec;
        const mine = key("pk_only_a", {
          ...rest,
          api: ["key_a"],
          ...(spec.provider === "bedrock" ? { regions } : {}),
        });
        const resolver = createResolver([...records, mine]);
        for (const query of QUERIES) {
          if (query.api_key_id === "key_a") continue;
          const answer = resolver.resolve(query);
          if (answer.status === "resolved") {
            expect(answer.key.id).not.toBe("pk_only_a");
            expect(answer.shadowed.map((k) => k.id)).not.toContain("pk_only_a");
          }
          if (answer.status === "region_unavailable") {
            expect(answer.keys.map((k) => k.id)).not.toContain("pk_only_a");
          }
        }
      }),
      RUNS,
    );
  });

  it("(d) the organization scope is never used when the API-key scope has active candidates", () => {
    fc.assert(
      fc.property(recordsArb, (records) => {
        const resolver = createResolver(records);
        for (const query of QUERIES) {
          const apiKeyId = query.api_key_id;
          if (apiKeyId === undefined) continue;
          const hasOwn = records.some(
            (r) =>
              r.provider === query.provider &&
              r.active !== false &&
              (r.api_key_ids ?? []).includes(apiKeyId),
          );
          const answer = resolver.resolve(query);
          if (hasOwn) expect(answer).toHaveProperty("scope", "api_key");
          else if ("scope" in answer) expect(answer.scope).toBe("organization");
        }
      }),
      RUNS,
    );
  });

  it("(e) any sequence of upsert/remove answers like a fresh createResolver of the final records", () => {
    const write = fc.oneof(
      { arbitrary: recordArb.map((record) => ({ upsert: record })), weight: 3 },
      { arbitrary: fc.constantFrom(...IDS, "pk_never").map((id) => ({ remove: id })), weight: 1 },
      // An answer between writes fills the caches that the next write must invalidate.
      { arbitrary: fc.constantFrom(...QUERIES).map((query) => ({ ask: query })), weight: 2 },
      { arbitrary: apiKeysArb.map((apiKeys) => ({ apiKeys })), weight: 1 },
    );
    fc.assert(
      fc.property(recordsArb, fc.array(write, { maxLength: 25 }), (initial, writes) => {
        const resolver = createResolver(initial);
        const final = new Map(initial.map((r) => [r.id, r]));
        let apiKeys: ResolverApiKey[] | undefined;
        for (const step of writes) {
          if ("upsert" in step) {
            resolver.upsert(step.upsert);
            final.set(step.upsert.id, step.upsert);
          } else if ("remove" in step) {
            expect(resolver.remove(step.remove)).toBe(final.delete(step.remove));
          } else if ("apiKeys" in step) {
            resolver.setApiKeys(step.apiKeys);
            apiKeys = step.apiKeys;
          } else {
            resolver.resolve(step.ask);
          }
        }
        const fresh = createResolver([...final.values()], { apiKeys });
        expect(resolver.size).toBe(fresh.size);
        expect(answersOf(resolver, true)).toEqual(answersOf(fresh, true));
        expect(
          resolver
            .lint()
            .map((f) => f.key.id)
            .sort(),
        ).toEqual(
          fresh
            .lint()
            .map((f) => f.key.id)
            .sort(),
        );
      }),
      RUNS,
    );
  });

  it("createResolver over records with repeated ids keeps the last of each", () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 14 }), (records) => {
        const last = new Map(records.map((r) => [r.id, r]));
        expect(answersOf(createResolver(records), true)).toEqual(
          answersOf(createResolver([...last.values()]), true),
        );
      }),
      RUNS,
    );
  });

  it("never answers with a key of another provider, an inactive key, or an unknown API key's", () => {
    fc.assert(
      fc.property(recordsArb, (records) => {
        const resolver = createResolver(records);
        for (const query of QUERIES) {
          const answer = resolver.resolve(query);
          if (answer.status !== "resolved") continue;
          for (const record of [answer.key, ...answer.shadowed]) {
            expect(record.provider).toBe(query.provider);
            expect(record.active).not.toBe(false);
            // A missing api_key_ids (unknown) must not pass for the organization's [].
            if (answer.scope === "organization") expect(record.api_key_ids).toEqual([]);
            else expect(record.api_key_ids).toContain(query.api_key_id);
          }
        }
      }),
      RUNS,
    );
  });
});

// The generators must actually produce the situations the properties are about.
describe("generated record sets", () => {
  it("cover every status, both scopes, global fallback and shadowing", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(recordsArb, (records) => {
        const resolver = createResolver(records);
        for (const query of QUERIES) {
          const answer = summarize(resolver.resolve(query));
          seen.add(answer.status);
          if (answer.status === "unassigned" || answer.status === "rejected") continue;
          seen.add(answer.scope);
          if (answer.status === "resolved" && answer.shadowed.length > 0) seen.add("shadowed");
          if (answer.status === "resolved" && answer.region?.matched === "global") {
            seen.add(answer.region.requested === "global" ? "global" : "fallback");
          }
        }
      }),
      { numRuns: 100, seed: 7 },
    );
    expect([...seen].sort()).toEqual(
      [
        "api_key",
        "fallback",
        "global",
        "organization",
        "region_unavailable",
        "rejected",
        "resolved",
        "shadowed",
        "unassigned",
      ].sort(),
    );
  });
});

describe("generated record sets and API keys", () => {
  it("cover unknown and empty-id assignments, gone API keys and learned BYOK-only", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(recordsArb, apiKeysArb, (records, apiKeys) => {
        for (const record of records) {
          const ids = record.api_key_ids;
          if (ids === undefined) seen.add("api_key_ids missing");
          else if (ids.includes("") && ids.some(Boolean)) seen.add("empty id beside an id");
          else if (ids.length > 0 && !ids.some(Boolean)) seen.add("empty ids only");
        }
        const resolver = createResolver(records, { apiKeys });
        for (const { reason } of resolver.lint()) {
          if (reason.includes("unknown assignment")) seen.add("lint: unknown");
          if (reason.includes("no longer exist")) seen.add("lint: gone");
        }
        for (const query of QUERIES) {
          const status = resolver.resolve(query).status;
          if (status !== "rejected" && status !== "unassigned") continue;
          const known = apiKeys.find((k) => k.id === query.api_key_id);
          const learned = known?.byok_only === true;
          if (query.byok_only === undefined && status === "rejected") seen.add("learned rejected");
          if (query.byok_only === false && learned) seen.add("asked false beats learned true");
          if (query.byok_only === true && known?.byok_only === false) {
            seen.add("asked true beats learned false");
          }
        }
      }),
      { numRuns: 100, seed: 7 },
    );
    expect([...seen].sort()).toEqual(
      [
        "api_key_ids missing",
        "asked false beats learned true",
        "asked true beats learned false",
        "empty id beside an id",
        "empty ids only",
        "learned rejected",
        "lint: gone",
        "lint: unknown",
      ].sort(),
    );
  });
});
