import { describe, expect, it } from "vitest";
import { createResolver, type Resolution, type ResolvableKey } from "../../src/resolver/index.js";
import { DAY1, DAY2, DAY3, key, QUERIES, summarize } from "./support.js";

function deepFrozen(answer: Resolution): boolean {
  if (!Object.isFrozen(answer)) return false;
  if (answer.status === "resolved") {
    return Object.isFrozen(answer.shadowed) && (!answer.region || Object.isFrozen(answer.region));
  }
  return answer.status !== "region_unavailable" || Object.isFrozen(answer.keys);
}

describe("answers are frozen and stable", () => {
  const resolver = createResolver([
    key("pk_1", { at: DAY1 }),
    key("pk_2", { at: DAY2 }),
    key("pk_3", { api: ["key_a"] }),
    key("pk_4", { regions: ["global", "us-east-1"] }),
    key("pk_5", { regions: ["eu-west-1"], api: ["key_a"] }),
    key("pk_6", { provider: "anthropic", active: false }),
  ]);

  it("freezes every answer, its region and its lists, for every kind of answer", () => {
    const statuses = new Set<string>();
    for (const query of QUERIES) {
      const answer = resolver.resolve(query);
      statuses.add(answer.status);
      expect(deepFrozen(answer), JSON.stringify(query)).toBe(true);
    }
    expect(statuses).toEqual(new Set(["resolved", "unassigned", "rejected", "region_unavailable"]));
  });

  it("answers the same query twice alike", () => {
    for (const query of QUERIES) {
      expect(resolver.resolve({ ...query })).toEqual(resolver.resolve(query));
    }
  });

  it("refuses writes to an answer", () => {
    const answer = resolver.resolve({ provider: "openai" });
    expect(() => {
      (answer as { status: string }).status = "unassigned";
    }).toThrow(TypeError);
    if (answer.status !== "resolved") throw new TypeError("expected a resolved answer");
    expect(() => (answer.shadowed as ResolvableKey[]).push(key("pk_x"))).toThrow(TypeError);
  });
});

describe("upsert and remove change the answers (no stale cache)", () => {
  it("adding an older key re-routes, and the old winner appears in shadowed", () => {
    const resolver = createResolver([key("pk_b", { at: DAY2 })]);
    expect(summarize(resolver.resolve({ provider: "openai" }))).toMatchObject({
      key: "pk_b",
      shadowed: [],
    });
    resolver.upsert(key("pk_a", { at: DAY1 }));
    expect(summarize(resolver.resolve({ provider: "openai" }))).toMatchObject({
      key: "pk_a",
      shadowed: ["pk_b"],
    });
    expect(resolver.resolve({ provider: "openai" }).explanation).toContain("pk_b");
  });

  it("adding an older Bedrock key holding the region re-routes that region only", () => {
    const resolver = createResolver([key("pk_b", { at: DAY2, regions: ["eu-west-1", "global"] })]);
    const eu = { provider: "bedrock", region: "eu-west-1" } as const;
    const us = { provider: "bedrock", region: "us-east-1" } as const;
    expect(summarize(resolver.resolve(eu))).toMatchObject({ key: "pk_b" });
    expect(summarize(resolver.resolve(us))).toMatchObject({ key: "pk_b" });
    resolver.upsert(key("pk_a", { at: DAY1, regions: ["eu-west-1"] }));
    expect(summarize(resolver.resolve(eu))).toMatchObject({ key: "pk_a", shadowed: ["pk_b"] });
    expect(summarize(resolver.resolve(us))).toMatchObject({
      key: "pk_b",
      region: { requested: "us-east-1", matched: "global" },
    });
  });

  it("removing the only API-key-scoped key falls back to the organization key", () => {
    const resolver = createResolver([key("pk_org"), key("pk_api", { api: ["key_a"] })]);
    const query = { provider: "openai", api_key_id: "key_a" } as const;
    expect(summarize(resolver.resolve(query))).toMatchObject({ key: "pk_api", scope: "api_key" });
    expect(resolver.remove("pk_api")).toBe(true);
    expect(summarize(resolver.resolve(query))).toMatchObject({
      key: "pk_org",
      scope: "organization",
    });
    expect(resolver.size).toBe(1);
  });

  it("removing the only Bedrock key of an API key lifts its region_unavailable", () => {
    const resolver = createResolver([
      key("pk_org", { regions: ["eu-west-1"] }),
      key("pk_api", { api: ["key_a"], regions: ["us-east-1"] }),
    ]);
    const query = { provider: "bedrock", api_key_id: "key_a", region: "eu-west-1" } as const;
    expect(resolver.resolve(query).status).toBe("region_unavailable");
    resolver.remove("pk_api");
    expect(summarize(resolver.resolve(query))).toMatchObject({ key: "pk_org" });
  });

  it("toggling active off and on again re-routes both times", () => {
    const first = key("pk_1", { at: DAY1 });
    const resolver = createResolver([first, key("pk_2", { at: DAY2 })]);
    expect(summarize(resolver.resolve({ provider: "openai" }))).toMatchObject({ key: "pk_1" });
    resolver.upsert({ ...first, active: false });
    expect(summarize(resolver.resolve({ provider: "openai" }))).toMatchObject({
      key: "pk_2",
      shadowed: [],
    });
    resolver.upsert({ ...first, active: true });
    expect(summarize(resolver.resolve({ provider: "openai" }))).toMatchObject({
      key: "pk_1",
      shadowed: ["pk_2"],
    });
    expect(resolver.size).toBe(2);
  });

  it("deactivating the last key makes the provider unassigned", () => {
    const only = key("pk_1");
    const resolver = createResolver([only]);
    resolver.resolve({ provider: "openai", api_key_id: "key_a" });
    resolver.upsert({ ...only, active: false });
    expect(resolver.resolve({ provider: "openai", api_key_id: "key_a" }).status).toBe("unassigned");
  });

  it("re-assigning a key moves it between scopes", () => {
    const moving = key("pk_1", { api: ["key_a"] });
    const resolver = createResolver([moving, key("pk_org", { at: DAY3 })]);
    resolver.upsert({ ...moving, api_key_ids: ["key_b"] });
    expect(summarize(resolver.resolve({ provider: "openai", api_key_id: "key_a" }))).toMatchObject({
      key: "pk_org",
      scope: "organization",
    });
    expect(summarize(resolver.resolve({ provider: "openai", api_key_id: "key_b" }))).toMatchObject({
      key: "pk_1",
      scope: "api_key",
    });
  });

  it("replacing a key with another provider under the same id moves it", () => {
    const resolver = createResolver([key("pk_1")]);
    resolver.upsert(key("pk_1", { provider: "anthropic" }));
    expect(resolver.resolve({ provider: "openai" }).status).toBe("unassigned");
    expect(summarize(resolver.resolve({ provider: "anthropic" }))).toMatchObject({ key: "pk_1" });
    expect(resolver.size).toBe(1);
  });

  it("replacing a Bedrock key's regions drops the old ones", () => {
    const resolver = createResolver([key("pk_1", { regions: ["eu-west-1"] })]);
    resolver.resolve({ provider: "bedrock", region: "eu-west-1" });
    resolver.upsert(key("pk_1", { regions: ["us-east-1"] }));
    expect(resolver.resolve({ provider: "bedrock", region: "eu-west-1" }).status).toBe(
      "region_unavailable",
    );
    expect(summarize(resolver.resolve({ provider: "bedrock", region: "us-east-1" }))).toMatchObject(
      { key: "pk_1" },
    );
  });

  it("a changed created_at re-sorts the key", () => {
    const resolver = createResolver([key("pk_1", { at: DAY1 }), key("pk_2", { at: DAY2 })]);
    resolver.upsert(key("pk_1", { at: DAY3 }));
    expect(summarize(resolver.resolve({ provider: "openai" }))).toMatchObject({
      key: "pk_2",
      shadowed: ["pk_1"],
    });
  });

  it("remove() of an unknown id returns false and changes nothing", () => {
    const resolver = createResolver([key("pk_1")]);
    const before = resolver.resolve({ provider: "openai" });
    expect(resolver.remove("pk_nope")).toBe(false);
    expect(resolver.size).toBe(1);
    expect(resolver.resolve({ provider: "openai" })).toEqual(before);
  });

  it("re-indexes a record that was changed in place and upserted again", () => {
    // Admin tools often hold mutable (reactive) records: the index must not read the old
    // fields back from the object it was given.
    const record = { ...key("pk_1", { at: DAY1 }) } as {
      -readonly [F in keyof ResolvableKey]: ResolvableKey[F];
    };
    const resolver = createResolver([record, key("pk_2", { at: DAY2 })]);
    resolver.resolve({ provider: "openai" });
    record.active = false;
    resolver.upsert(record);
    expect(summarize(resolver.resolve({ provider: "openai" }))).toMatchObject({ key: "pk_2" });
    record.active = true;
    record.api_key_ids = ["key_a"];
    resolver.upsert(record);
    expect(summarize(resolver.resolve({ provider: "openai" }))).toMatchObject({
      key: "pk_2",
      shadowed: [],
    });
    expect(summarize(resolver.resolve({ provider: "openai", api_key_id: "key_a" }))).toMatchObject({
      key: "pk_1",
      scope: "api_key",
    });
    expect(resolver.remove("pk_1")).toBe(true);
    expect(summarize(resolver.resolve({ provider: "openai", api_key_id: "key_a" }))).toMatchObject({
      key: "pk_2",
      scope: "organization",
    });
  });

  it("createResolver keeps the last of records listed twice under one id", () => {
    // Overlapping pages of a list can hand the same record twice, the newer version last.
    const old = key("pk_1", { at: DAY1 });
    const resolver = createResolver([
      key("pk_3", { at: DAY3 }),
      old,
      key("pk_2", { at: DAY2 }),
      { ...old, active: false },
    ]);
    expect(resolver.size).toBe(3);
    expect(summarize(resolver.resolve({ provider: "openai" }))).toEqual({
      status: "resolved",
      key: "pk_2",
      scope: "organization",
      shadowed: ["pk_3"],
    });
  });
});
