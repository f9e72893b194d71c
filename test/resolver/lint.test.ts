import { describe, expect, it } from "vitest";
import {
  createResolver,
  type ResolvableKey,
  type ResolverApiKey,
} from "../../src/resolver/index.js";
import { DAY1, DAY2, DAY3, key } from "./support.js";

function findings(records: ResolvableKey[], apiKeys?: ResolverApiKey[]): Record<string, string> {
  return Object.fromEntries(
    createResolver(records, { apiKeys })
      .lint()
      .map((finding) => [finding.key.id, finding.reason]),
  );
}

describe("lint()", () => {
  it("reports nothing when every key wins somewhere", () => {
    expect(
      findings([
        key("pk_org"),
        key("pk_api", { api: ["key_a"] }),
        key("pk_b", { regions: ["global"] }),
      ]),
    ).toEqual({});
  });

  it("reports a key that loses the tie everywhere, naming the winner", () => {
    const result = findings([
      key("pk_old", { at: DAY1, name: "Old" }),
      key("pk_new", { at: DAY2, name: "New" }),
    ]);
    expect(Object.keys(result)).toEqual(["pk_new"]);
    expect(result.pk_new).toContain("pk_new");
    expect(result.pk_new).toContain('"Old" (pk_old)');
  });

  it("reports a key that loses in every one of its API keys", () => {
    const result = findings([
      key("pk_1", { api: ["key_a"], at: DAY1 }),
      key("pk_2", { api: ["key_b"], at: DAY1 }),
      key("pk_3", { api: ["key_a", "key_b"], at: DAY2 }),
    ]);
    expect(Object.keys(result)).toEqual(["pk_3"]);
    expect(result.pk_3).toMatch(/pk_1|pk_2/);
  });

  it("does not report a key that loses in one API key but wins in another", () => {
    expect(
      findings([
        key("pk_1", { api: ["key_a"], at: DAY1 }),
        key("pk_2", { api: ["key_a", "key_b"], at: DAY2 }),
      ]),
    ).toEqual({});
  });

  it("does not report an organization key that loses nowhere, whatever API-key keys exist", () => {
    expect(
      findings([key("pk_org", { at: DAY3 }), key("pk_api", { api: ["key_a"], at: DAY1 })]),
    ).toEqual({});
  });

  it("reports an inactive key as inactive", () => {
    const result = findings([key("pk_on"), key("pk_off", { active: false })]);
    expect(Object.keys(result)).toEqual(["pk_off"]);
    expect(result.pk_off).toMatch(/inactive/);
  });

  it("reports an inactive key that would otherwise win as inactive", () => {
    const result = findings([
      key("pk_off", { active: false, at: DAY1 }),
      key("pk_on", { at: DAY2 }),
    ]);
    expect(Object.keys(result)).toEqual(["pk_off"]);
  });

  it("reports a Bedrock key holding no region", () => {
    const result = findings([
      key("pk_bare", { regions: null }),
      key("pk_empty", { regions: [] }),
      key("pk_bad", { regions: ["mars-1"] }),
    ]);
    expect(Object.keys(result).sort()).toEqual(["pk_bad", "pk_bare", "pk_empty"]);
    for (const reason of Object.values(result)) expect(reason).toMatch(/no region/);
  });

  it("does not report a Bedrock key that loses us-east-1 but alone holds eu-west-1", () => {
    expect(
      findings([
        key("pk_1", { regions: ["us-east-1"], at: DAY1 }),
        key("pk_2", { regions: ["us-east-1", "eu-west-1"], at: DAY2 }),
      ]),
    ).toEqual({});
  });

  it("reports a Bedrock key whose every region is won by an older key", () => {
    const result = findings([
      key("pk_1", { regions: ["us-east-1", "global"], at: DAY1 }),
      key("pk_2", { regions: ["global", "us-east-1"], at: DAY2 }),
    ]);
    expect(Object.keys(result)).toEqual(["pk_2"]);
    expect(result.pk_2).toContain("pk_1");
  });

  it("does not report a global-only key that an exact-region key beats for one region", () => {
    expect(
      findings([
        key("pk_eu", { regions: ["eu-west-1"], at: DAY1 }),
        key("pk_global", { regions: ["global"], at: DAY2 }),
      ]),
    ).toEqual({});
  });

  it("reports a record of a provider byokit does not know, which never resolves", () => {
    const stranger = { ...key("pk_x"), provider: "cohere" } as unknown as ResolvableKey;
    const resolver = createResolver([stranger, key("pk_o")]);
    expect(resolver.size).toBe(2);
    expect(resolver.lint()).toEqual([{ key: stranger, reason: expect.stringContaining("cohere") }]);
    expect(resolver.resolve({ provider: "openai" })).toMatchObject({ key: { id: "pk_o" } });
  });

  it("follows upserts and removes", () => {
    const resolver = createResolver([key("pk_1", { at: DAY1 }), key("pk_2", { at: DAY2 })]);
    expect(resolver.lint().map((f) => f.key.id)).toEqual(["pk_2"]);
    resolver.remove("pk_1");
    expect(resolver.lint()).toEqual([]);
    resolver.upsert(key("pk_0", { at: DAY1 }));
    expect(resolver.lint().map((f) => f.key.id)).toEqual(["pk_2"]);
  });

  it("reports a key whose assignment is unknown (no api_key_ids, or empty ids only)", () => {
    const result = findings([
      key("pk_missing", { api: null, name: "From Edgee" }),
      key("pk_empty", { api: [""] }),
      key("pk_half", { api: ["", "key_a"] }),
    ]);
    expect(Object.keys(result).sort()).toEqual(["pk_empty", "pk_missing"]);
    expect(result.pk_missing).toBe(
      '"From Edgee" (pk_missing) has an unknown assignment (no api_key_ids), so it serves no request',
    );
    expect(result.pk_empty).toMatch(/unknown assignment/);
  });

  it("given the API keys, reports a key assigned only to gone or inactive ones", () => {
    const records = [
      key("pk_gone", { api: ["key_deleted"], name: "Old CI" }),
      key("pk_off", { api: ["key_off", "key_deleted"] }),
      key("pk_half", { api: ["key_live", "key_deleted"] }),
      key("pk_org"),
    ];
    const apiKeys = [{ id: "key_live" }, { id: "key_off", active: false }];
    const result = findings(records, apiKeys);
    expect(Object.keys(result).sort()).toEqual(["pk_gone", "pk_off"]);
    expect(result.pk_gone).toBe(
      '"Old CI" (pk_gone) is assigned only to API keys that no longer exist or are inactive',
    );
    // Without the API keys, the resolver cannot know: it says nothing.
    expect(findings(records)).toEqual({});
  });

  it("given the API keys, judges shadowing in the live API keys only", () => {
    // pk_2 wins for key_deleted only, and loses key_live to pk_1.
    const records = [
      key("pk_1", { api: ["key_live"], at: DAY1 }),
      key("pk_2", { api: ["key_live", "key_deleted"], at: DAY2 }),
    ];
    const result = findings(records, [{ id: "key_live" }]);
    expect(Object.keys(result)).toEqual(["pk_2"]);
    expect(result.pk_2).toContain("is shadowed by");
    expect(result.pk_2).toContain("pk_1");
  });

  it("never reports an organization key for want of API keys", () => {
    expect(findings([key("pk_org")], [])).toEqual({});
  });

  it("follows setApiKeys, without a rebuild", () => {
    const resolver = createResolver([key("pk_a", { api: ["key_a"] })], {
      apiKeys: [{ id: "key_a" }],
    });
    expect(resolver.lint()).toEqual([]);
    resolver.setApiKeys([{ id: "key_a", active: false }]);
    expect(resolver.lint().map((f) => f.reason)).toEqual([expect.stringMatching(/inactive$/)]);
    resolver.setApiKeys([]);
    expect(resolver.lint()).toHaveLength(1);
    resolver.setApiKeys([{ id: "key_a", active: true }]);
    expect(resolver.lint()).toEqual([]);
  });

  it("returns the records themselves as finding keys", () => {
    const loser = key("pk_2", { at: DAY2 });
    expect(createResolver([key("pk_1", { at: DAY1 }), loser]).lint()[0]?.key).toBe(loser);
  });
});
