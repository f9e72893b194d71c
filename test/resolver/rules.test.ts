import { describe, expect, it } from "vitest";
import {
  createResolver,
  type ResolvableKey,
  type ResolveQuery,
  type ResolverApiKey,
} from "../../src/resolver/index.js";
import { DAY1, DAY2, DAY3, key, type Summary, summarize } from "./support.js";

interface Row {
  rule: string;
  records: ResolvableKey[];
  query: ResolveQuery;
  expected: Summary;
  /** The gateway API keys the resolver is given, if any. */
  apiKeys?: ResolverApiKey[];
}

const openai: ResolveQuery = { provider: "openai" };
const bedrock = (region?: string, api_key_id?: string): ResolveQuery => ({
  provider: "bedrock",
  ...(region === undefined ? {} : { region }),
  ...(api_key_id === undefined ? {} : { api_key_id }),
});

const rows: Row[] = [
  // Rule 1: candidates are the active keys of the provider.
  {
    rule: "an inactive key never resolves, even when it is the oldest",
    records: [key("pk_old", { active: false, at: DAY1 }), key("pk_new", { at: DAY2 })],
    query: openai,
    expected: { status: "resolved", key: "pk_new", scope: "organization", shadowed: [] },
  },
  {
    rule: "all keys inactive → unassigned",
    records: [key("pk_1", { active: false }), key("pk_2", { active: false, api: ["key_a"] })],
    query: { provider: "openai", api_key_id: "key_a" },
    expected: { status: "unassigned" },
  },
  {
    rule: "no key of the provider → unassigned (keys of other providers do not count)",
    records: [key("pk_1", { provider: "anthropic" }), key("pk_2", { regions: ["global"] })],
    query: openai,
    expected: { status: "unassigned" },
  },
  {
    rule: "no records at all → unassigned",
    records: [],
    query: { provider: "mistral", api_key_id: "key_a" },
    expected: { status: "unassigned" },
  },
  {
    rule: "an inactive API-key-scoped key does not make a scope: the organization key serves",
    records: [key("pk_api", { api: ["key_a"], active: false }), key("pk_org", { at: DAY2 })],
    query: { provider: "openai", api_key_id: "key_a" },
    expected: { status: "resolved", key: "pk_org", scope: "organization", shadowed: [] },
  },
  // Rule 2: the API-key scope outranks the organization scope.
  {
    rule: "a key assigned to the API key outranks an older organization key (not shadowed)",
    records: [key("pk_org", { at: DAY1 }), key("pk_api", { at: DAY3, api: ["key_a"] })],
    query: { provider: "openai", api_key_id: "key_a" },
    expected: { status: "resolved", key: "pk_api", scope: "api_key", shadowed: [] },
  },
  {
    rule: "an API key without an assignment of its own uses the organization key",
    records: [key("pk_org", { at: DAY3 }), key("pk_api", { at: DAY1, api: ["key_a"] })],
    query: { provider: "openai", api_key_id: "key_b" },
    expected: { status: "resolved", key: "pk_org", scope: "organization", shadowed: [] },
  },
  {
    rule: "a query without api_key_id consults the organization scope only",
    records: [key("pk_org", { at: DAY3 }), key("pk_api", { at: DAY1, api: ["key_a"] })],
    query: openai,
    expected: { status: "resolved", key: "pk_org", scope: "organization", shadowed: [] },
  },
  {
    rule: "a query without api_key_id and only API-key-scoped keys → unassigned",
    records: [key("pk_api", { api: ["key_a"] })],
    query: openai,
    expected: { status: "unassigned" },
  },
  {
    rule: "an API-key scope of another provider does not hide this provider's organization key",
    records: [key("pk_claude", { provider: "anthropic", api: ["key_a"] }), key("pk_org")],
    query: { provider: "openai", api_key_id: "key_a" },
    expected: { status: "resolved", key: "pk_org", scope: "organization", shadowed: [] },
  },
  {
    rule: "a key assigned to several API keys serves the first of them",
    records: [key("pk_both", { api: ["key_a", "key_b"] }), key("pk_org")],
    query: { provider: "openai", api_key_id: "key_a" },
    expected: { status: "resolved", key: "pk_both", scope: "api_key", shadowed: [] },
  },
  {
    rule: "a key assigned to several API keys serves the second of them",
    records: [key("pk_both", { api: ["key_a", "key_b"] }), key("pk_org")],
    query: { provider: "openai", api_key_id: "key_b" },
    expected: { status: "resolved", key: "pk_both", scope: "api_key", shadowed: [] },
  },
  {
    rule: "the lower scope is never consulted when the API-key scope cannot serve the region",
    records: [
      key("pk_api", { api: ["key_a"], regions: ["us-east-1"] }),
      key("pk_org", { regions: ["eu-west-1", "global"] }),
    ],
    query: bedrock("eu-west-1", "key_a"),
    expected: { status: "region_unavailable", scope: "api_key", keys: ["pk_api"] },
  },
  {
    rule: "region_unavailable lists every key of the chosen scope, in tie order",
    records: [
      key("pk_b", { api: ["key_a"], regions: ["us-east-1"], at: DAY2 }),
      key("pk_a", { api: ["key_a"], regions: null, at: DAY2 }),
      key("pk_c", { api: ["key_a"], regions: ["ap-south-1"], at: DAY1 }),
      key("pk_org", { regions: ["eu-west-1"] }),
    ],
    query: bedrock("eu-west-1", "key_a"),
    expected: {
      status: "region_unavailable",
      scope: "api_key",
      keys: ["pk_c", "pk_a", "pk_b"],
    },
  },
  {
    rule: "an organization scope that cannot serve the region → region_unavailable there",
    records: [key("pk_org", { regions: ["us-east-1"] })],
    query: bedrock("eu-west-1", "key_a"),
    expected: { status: "region_unavailable", scope: "organization", keys: ["pk_org"] },
  },
  // Rule 3: Bedrock regions.
  {
    rule: "a key holding the exact region beats an older key holding only global",
    records: [
      key("pk_global", { regions: ["global"], at: DAY1 }),
      key("pk_exact", { regions: ["eu-west-1"], at: DAY3 }),
    ],
    query: bedrock("eu-west-1"),
    expected: {
      status: "resolved",
      key: "pk_exact",
      scope: "organization",
      region: { requested: "eu-west-1", matched: "eu-west-1" },
      shadowed: [],
    },
  },
  {
    rule: "inside one key the exact region beats global",
    records: [key("pk_1", { regions: ["global", "eu-west-1"] })],
    query: bedrock("eu-west-1"),
    expected: {
      status: "resolved",
      key: "pk_1",
      scope: "organization",
      region: { requested: "eu-west-1", matched: "eu-west-1" },
      shadowed: [],
    },
  },
  {
    rule: "no key holds the region: the global holder serves it",
    records: [
      key("pk_us", { regions: ["us-east-1"], at: DAY1 }),
      key("pk_global", { regions: ["global"], at: DAY2 }),
    ],
    query: bedrock("eu-central-1"),
    expected: {
      status: "resolved",
      key: "pk_global",
      scope: "organization",
      region: { requested: "eu-central-1", matched: "global" },
      shadowed: [],
    },
  },
  {
    rule: "an absent region can only be served by global, even by a younger key",
    records: [
      key("pk_us", { regions: ["us-east-1"], at: DAY1 }),
      key("pk_global", { regions: ["global"], at: DAY3 }),
    ],
    query: bedrock(),
    expected: {
      status: "resolved",
      key: "pk_global",
      scope: "organization",
      region: { requested: "global", matched: "global" },
      shadowed: [],
    },
  },
  {
    rule: 'region "global" is the same as no region',
    records: [
      key("pk_us", { regions: ["us-east-1"], at: DAY1 }),
      key("pk_global", { regions: ["global"], at: DAY3 }),
    ],
    query: bedrock("global", "key_a"),
    expected: {
      status: "resolved",
      key: "pk_global",
      scope: "organization",
      region: { requested: "global", matched: "global" },
      shadowed: [],
    },
  },
  {
    rule: "an absent region with no global entry in the scope → region_unavailable",
    records: [key("pk_us", { regions: ["us-east-1", "eu-west-1"] })],
    query: bedrock(),
    expected: { status: "region_unavailable", scope: "organization", keys: ["pk_us"] },
  },
  {
    rule: "a Bedrock key without a preview holds no region",
    records: [key("pk_bare", { regions: null })],
    query: bedrock("us-east-1"),
    expected: { status: "region_unavailable", scope: "organization", keys: ["pk_bare"] },
  },
  {
    rule: "GovCloud and China region codes are matched exactly",
    records: [
      key("pk_gov", { regions: ["us-gov-west-1"], at: DAY2 }),
      key("pk_cn", { regions: ["cn-north-1"], at: DAY1 }),
    ],
    query: bedrock("us-gov-west-1"),
    expected: {
      status: "resolved",
      key: "pk_gov",
      scope: "organization",
      region: { requested: "us-gov-west-1", matched: "us-gov-west-1" },
      shadowed: [],
    },
  },
  {
    rule: "the region is ignored for other providers (no region in the answer)",
    records: [key("pk_1")],
    query: { provider: "openai", region: "eu-west-1" },
    expected: { status: "resolved", key: "pk_1", scope: "organization", shadowed: [] },
  },
  {
    rule: "the region is ignored for other providers, even a malformed one",
    records: [key("pk_1", { api: ["key_a"] })],
    query: { provider: "openai", api_key_id: "key_a", region: "US-EAST-1" },
    expected: { status: "resolved", key: "pk_1", scope: "api_key", shadowed: [] },
  },
  // Rule 4: ties.
  {
    rule: "the oldest created_at wins, even over a smaller id",
    records: [key("pk_a", { at: DAY2 }), key("pk_b", { at: DAY1 })],
    query: openai,
    expected: { status: "resolved", key: "pk_b", scope: "organization", shadowed: ["pk_a"] },
  },
  {
    rule: "on equal created_at the smaller id wins",
    records: [key("pk_b", { at: DAY1 }), key("pk_a", { at: DAY1 }), key("pk_c", { at: DAY1 })],
    query: openai,
    expected: {
      status: "resolved",
      key: "pk_a",
      scope: "organization",
      shadowed: ["pk_b", "pk_c"],
    },
  },
  {
    rule: "created_at is compared as an instant, not as text",
    records: [
      key("pk_a", { at: "2025-01-02T00:30:00.000Z" }),
      key("pk_b", { at: "2025-01-02T01:00:00+01:00" }),
    ],
    query: openai,
    expected: { status: "resolved", key: "pk_b", scope: "organization", shadowed: ["pk_a"] },
  },
  {
    rule: "ids compare as strings: pk_10 is smaller than pk_9",
    records: [key("pk_9"), key("pk_10")],
    query: openai,
    expected: { status: "resolved", key: "pk_10", scope: "organization", shadowed: ["pk_9"] },
  },
  {
    rule: "an unparsable created_at sorts as the newest",
    records: [key("pk_a", { at: "yesterday-ish" }), key("pk_z", { at: DAY3 })],
    query: openai,
    expected: { status: "resolved", key: "pk_z", scope: "organization", shadowed: ["pk_a"] },
  },
  {
    rule: "two unparsable created_at tie on the id",
    records: [key("pk_b", { at: "???" }), key("pk_a", { at: "" }), key("pk_0", { at: DAY1 })],
    query: openai,
    expected: {
      status: "resolved",
      key: "pk_0",
      scope: "organization",
      shadowed: ["pk_a", "pk_b"],
    },
  },
  {
    rule: "shadowed holds losers of the same scope only",
    records: [
      key("pk_org", { at: DAY1 }),
      key("pk_api_new", { api: ["key_a"], at: DAY3 }),
      key("pk_api_old", { api: ["key_a"], at: DAY2 }),
    ],
    query: { provider: "openai", api_key_id: "key_a" },
    expected: {
      status: "resolved",
      key: "pk_api_old",
      scope: "api_key",
      shadowed: ["pk_api_new"],
    },
  },
  {
    rule: "shadowed holds exact-region losers, not a global-only key of the scope",
    records: [
      key("pk_global", { regions: ["global"], at: DAY1 }),
      key("pk_eu_new", { regions: ["eu-west-1"], at: DAY3 }),
      key("pk_eu_old", { regions: ["eu-west-1", "global"], at: DAY2 }),
    ],
    query: bedrock("eu-west-1"),
    expected: {
      status: "resolved",
      key: "pk_eu_old",
      scope: "organization",
      region: { requested: "eu-west-1", matched: "eu-west-1" },
      shadowed: ["pk_eu_new"],
    },
  },
  {
    rule: "on the global tier shadowed holds the other global holders, not keys without global",
    records: [
      key("pk_us", { regions: ["us-east-1"], at: DAY1 }),
      key("pk_g2", { regions: ["global"], at: DAY3 }),
      key("pk_g1", { regions: ["global", "us-east-1"], at: DAY2 }),
    ],
    query: bedrock("eu-west-1"),
    expected: {
      status: "resolved",
      key: "pk_g1",
      scope: "organization",
      region: { requested: "eu-west-1", matched: "global" },
      shadowed: ["pk_g2"],
    },
  },
  // Records that lack the byokit extensions (Edgee documents only some fields).
  {
    rule: "a record without active counts as active",
    records: [key("pk_plain", { active: null, at: DAY1 }), key("pk_later", { at: DAY2 })],
    query: openai,
    expected: {
      status: "resolved",
      key: "pk_plain",
      scope: "organization",
      shadowed: ["pk_later"],
    },
  },
  {
    rule: "a record without api_key_ids (unknown assignment) never serves the organization",
    records: [key("pk_plain", { api: null })],
    query: { provider: "openai", api_key_id: "key_a" },
    expected: { status: "unassigned" },
  },
  {
    rule: "a record without api_key_ids is no candidate at all, even when it is the oldest",
    records: [key("pk_plain", { api: null, at: DAY1 }), key("pk_org", { at: DAY2 })],
    query: openai,
    expected: { status: "resolved", key: "pk_org", scope: "organization", shadowed: [] },
  },
  {
    rule: "a record without api_key_ids makes no API-key scope: the organization key serves",
    records: [key("pk_plain", { api: null, at: DAY1 }), key("pk_org", { at: DAY2 })],
    query: { provider: "openai", api_key_id: "key_a" },
    expected: { status: "resolved", key: "pk_org", scope: "organization", shadowed: [] },
  },
  {
    rule: 'api_key_ids [""] is not the organization: the key serves nobody',
    records: [key("pk_empty_id", { api: [""], at: DAY1 })],
    query: openai,
    expected: { status: "unassigned" },
  },
  {
    rule: 'api_key_ids ["", "key_a"] serves key_a only',
    records: [key("pk_a", { api: ["", "key_a"], at: DAY1 }), key("pk_org", { at: DAY2 })],
    query: { provider: "openai", api_key_id: "key_a" },
    expected: { status: "resolved", key: "pk_a", scope: "api_key", shadowed: [] },
  },
  {
    rule: 'api_key_ids ["", "key_a"] is no organization key for key_b',
    records: [key("pk_a", { api: ["", "key_a"], at: DAY1 }), key("pk_org", { at: DAY2 })],
    query: { provider: "openai", api_key_id: "key_b" },
    expected: { status: "resolved", key: "pk_org", scope: "organization", shadowed: [] },
  },
  // Rule 7: BYOK-only.
  {
    rule: "BYOK-only (asked) and no key of the provider → rejected",
    records: [key("pk_claude", { provider: "anthropic" })],
    query: { provider: "openai", api_key_id: "key_a", byok_only: true },
    expected: { status: "rejected" },
  },
  {
    rule: "BYOK-only (asked) without api_key_id and only inactive keys → rejected",
    records: [key("pk_off", { active: false })],
    query: { provider: "openai", byok_only: true },
    expected: { status: "rejected" },
  },
  {
    rule: "BYOK-only (learned) and no key → rejected",
    records: [],
    apiKeys: [{ id: "key_a", byok_only: true }],
    query: { provider: "mistral", api_key_id: "key_a" },
    expected: { status: "rejected" },
  },
  {
    rule: "an API key learned as not BYOK-only → unassigned",
    records: [],
    apiKeys: [
      { id: "key_a", byok_only: false },
      { id: "key_b", byok_only: true },
    ],
    query: { provider: "mistral", api_key_id: "key_a" },
    expected: { status: "unassigned" },
  },
  {
    rule: "the query's byok_only: false beats a learned true",
    records: [],
    apiKeys: [{ id: "key_a", byok_only: true }],
    query: { provider: "mistral", api_key_id: "key_a", byok_only: false },
    expected: { status: "unassigned" },
  },
  {
    rule: "the query's byok_only: true beats a learned false",
    records: [],
    apiKeys: [{ id: "key_a", byok_only: false }],
    query: { provider: "mistral", api_key_id: "key_a", byok_only: true },
    expected: { status: "rejected" },
  },
  {
    rule: "BYOK-only learned for one API key says nothing of a query without api_key_id",
    records: [],
    apiKeys: [{ id: "key_a", byok_only: true }],
    query: { provider: "mistral" },
    expected: { status: "unassigned" },
  },
  {
    rule: "BYOK-only changes nothing when an organization key serves",
    records: [key("pk_org")],
    query: { provider: "openai", api_key_id: "key_a", byok_only: true },
    expected: { status: "resolved", key: "pk_org", scope: "organization", shadowed: [] },
  },
  {
    rule: "BYOK-only keeps region_unavailable (it already refuses)",
    records: [key("pk_us", { regions: ["us-east-1"] })],
    query: { provider: "bedrock", region: "eu-west-1", byok_only: true },
    expected: { status: "region_unavailable", scope: "organization", keys: ["pk_us"] },
  },
  {
    rule: "BYOK-only and a Bedrock region with no key at all → rejected",
    records: [key("pk_o")],
    query: { provider: "bedrock", region: "eu-west-1", byok_only: true },
    expected: { status: "rejected" },
  },
  {
    rule: "BYOK-only and only a key of unknown assignment → rejected",
    records: [key("pk_plain", { api: null })],
    query: { provider: "openai", byok_only: true },
    expected: { status: "rejected" },
  },
  // Gone API keys never widen a provider key's scope.
  {
    rule: "a key assigned only to a gone API key is not promoted to the organization",
    records: [key("pk_gone", { api: ["key_gone"] })],
    apiKeys: [{ id: "key_a" }],
    query: { provider: "openai", api_key_id: "key_a" },
    expected: { status: "unassigned" },
  },
  {
    rule: "a key assigned only to an inactive API key stays in that API key's scope",
    records: [key("pk_off", { api: ["key_off"] }), key("pk_org", { at: DAY2 })],
    apiKeys: [{ id: "key_off", active: false }],
    query: { provider: "openai", api_key_id: "key_off" },
    expected: { status: "resolved", key: "pk_off", scope: "api_key", shadowed: [] },
  },
  {
    rule: "a record without created_at sorts as the newest",
    records: [key("pk_a", { at: null }), key("pk_b", { at: DAY3 })],
    query: openai,
    expected: { status: "resolved", key: "pk_b", scope: "organization", shadowed: ["pk_a"] },
  },
];

describe("resolution rules (DESIGN.md), one row per rule and tie", () => {
  it.each(rows)("$rule", ({ records, query, expected, apiKeys }) => {
    expect(summarize(createResolver(records, { apiKeys }).resolve(query))).toEqual(expected);
  });

  it.each(rows)("$rule (same answer through upsert and setApiKeys, warm caches)", (row) => {
    const resolver = createResolver();
    resolver.resolve(row.query);
    for (const record of [...row.records].reverse()) resolver.upsert(record);
    resolver.resolve(row.query);
    resolver.setApiKeys(row.apiKeys ?? []);
    expect(summarize(resolver.resolve(row.query))).toEqual(row.expected);
  });

  it("returns the records themselves as key, shadowed and keys", () => {
    const older = key("pk_1", { at: DAY1, regions: ["global"] });
    const newer = key("pk_2", { at: DAY2, regions: ["global"] });
    const resolver = createResolver([older, newer]);
    const answer = resolver.resolve(bedrock("us-east-1"));
    expect(answer.status === "resolved" && answer.key).toBe(older);
    expect(answer.status === "resolved" && answer.shadowed[0]).toBe(newer);
    const unavailable = createResolver([key("pk_3", { regions: ["us-east-1"] })]).resolve(
      bedrock(),
    );
    expect(unavailable.status === "region_unavailable" && unavailable.keys[0]?.id).toBe("pk_3");
  });

  it("carries no region for non-Bedrock answers and always one for Bedrock answers", () => {
    const resolver = createResolver([key("pk_o"), key("pk_b", { regions: ["global"] })]);
    expect(resolver.resolve({ provider: "openai", region: "eu-west-1" })).not.toHaveProperty(
      "region",
    );
    expect(resolver.resolve({ provider: "bedrock" })).toHaveProperty("region", {
      requested: "global",
      matched: "global",
    });
  });
});
