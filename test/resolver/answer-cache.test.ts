import { afterEach, describe, expect, it, vi } from "vitest";
import { createResolver } from "../../src/resolver/index.js";
import { key } from "./support.js";

/** `count` distinct valid Bedrock region codes none of the records hold (`eu-aa-1`, …). */
function madeUpRegions(count: number): string[] {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const regions: string[] = [];
  for (let i = 0; regions.length < count; i++) {
    regions.push(
      `eu-${letters[Math.floor(i / 26) % 26]}${letters[i % 26]}-${1 + Math.floor(i / 676)}`,
    );
  }
  return regions;
}

afterEach(() => vi.restoreAllMocks());

describe("the answer cache stays bounded", () => {
  // An answer is built once per state and returned as the same frozen object until a write;
  // a cache that is emptied builds a new (equal) one. Identity shows what is remembered.
  it("remembers 512 Bedrock regions of one scope, and forgets them when a 513th is asked", () => {
    const resolver = createResolver([key("pk_1", { regions: ["global"] })]);
    const [first, ...others] = madeUpRegions(513);
    const remembered = resolver.resolve({ provider: "bedrock", region: first });
    for (const region of others.slice(0, 511)) resolver.resolve({ provider: "bedrock", region });
    expect(resolver.resolve({ provider: "bedrock", region: first })).toBe(remembered);

    resolver.resolve({ provider: "bedrock", region: others[511] });
    const rebuilt = resolver.resolve({ provider: "bedrock", region: first });
    expect(rebuilt).not.toBe(remembered);
    expect(rebuilt).toEqual(remembered);
  });

  it("remembers at most 1024 + 2 per scope of a flood of made-up API key ids", () => {
    // Which ids the fast path remembers cannot change an answer (they all share the
    // organization's), only memory: the entries written are counted where they are written.
    const resolver = createResolver([
      key("pk_org"),
      key("pk_a", { api: ["key_a"] }),
      key("pk_b", { api: ["key_b"] }),
    ]);
    const set = vi.spyOn(Map.prototype, "set");
    for (let i = 0; i < 1500; i++)
      resolver.resolve({ provider: "openai", api_key_id: `key_flood_${i}` });
    const remembered = set.mock.calls.filter(([id]) => String(id).startsWith("key_flood_"));
    // Three scopes (the organization, key_a, key_b): 2 × 3 + 1024.
    expect(remembered).toHaveLength(1030);
    expect(resolver.resolve({ provider: "openai", api_key_id: "key_flood_1499" })).toMatchObject({
      status: "resolved",
      key: { id: "pk_org" },
    });
  });

  it("remembers each API key's answer once, whatever the number of calls", () => {
    const resolver = createResolver([key("pk_org")]);
    const set = vi.spyOn(Map.prototype, "set");
    const first = resolver.resolve({ provider: "openai", api_key_id: "key_x" });
    for (let i = 0; i < 5; i++) {
      expect(resolver.resolve({ provider: "openai", api_key_id: "key_x" })).toBe(first);
    }
    expect(set.mock.calls.filter(([id]) => id === "key_x")).toHaveLength(1);
  });
});
