import { afterEach, describe, expect, it, vi } from "vitest";
import { ValidationError } from "../../src/errors/validation-error.js";
import { createResolver, type ResolvableKey } from "../../src/resolver/index.js";
import { PROVIDER_LABELS } from "../../src/resolver/labels.js";
import { DAY1, DAY2, key } from "./support.js";

afterEach(() => vi.restoreAllMocks());

describe("exact wording of answers, errors and findings", () => {
  it("an unknown provider is refused with the list of the known ones", () => {
    const resolver = createResolver();
    let thrown: unknown;
    try {
      resolver.resolve({ provider: "cohere" } as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).issues).toEqual([
      { path: "provider", message: `must be one of ${Object.keys(PROVIDER_LABELS).join(", ")}` },
    ]);
  });

  it("a lone key's explanation ends after its scope: no shadowed list", () => {
    const resolver = createResolver([key("pk_1", { name: "Prod" })]);
    expect(resolver.resolve({ provider: "openai" }).explanation).toBe(
      `Uses the OpenAI key "Prod" (pk_1), the organization's default.`,
    );
  });

  it("lint names the region a Bedrock key loses, and no region for the others", () => {
    const resolver = createResolver([
      key("pk_old", { regions: ["eu-west-1"], at: DAY1, name: "Old" }),
      key("pk_new", { regions: ["eu-west-1"], at: DAY2, name: "New" }),
      key("pk_a1", { at: DAY1, name: "A1" }),
      key("pk_a2", { at: DAY2, name: "A2" }),
    ]);
    expect(resolver.lint().map((finding) => finding.reason)).toEqual([
      `"New" (pk_new) is shadowed by "Old" (pk_old) in the organization for eu-west-1`,
      `"A2" (pk_a2) is shadowed by "A1" (pk_a1) in the organization`,
    ]);
  });
});

describe("malformed records from a lenient source", () => {
  it("api_key_ids holding no string id is an unknown assignment, never a scope", () => {
    const odd = {
      ...key("pk_odd"),
      api_key_ids: [42, { id: "key_a" }],
    } as unknown as ResolvableKey;
    const resolver = createResolver([odd]);
    expect(resolver.resolve({ provider: "openai" }).explanation).toBe(
      "No active OpenAI key serves this API key or the organization: the gateway uses its shared keys. Skipped: 1 key(s) of unknown assignment.",
    );
    expect(resolver.lint()).toEqual([
      {
        key: odd,
        reason: `"name of pk_odd" (pk_odd) has an unknown assignment (no api_key_ids), so it serves no request`,
      },
    ]);
  });

  it("a Bedrock preview with a null region entry keeps its other entries", () => {
    const record = key("pk_1", { regions: ["eu-west-1"] }) as ResolvableKey & {
      preview: { regions: unknown[] };
    };
    record.preview.regions.unshift(null);
    const resolver = createResolver([record]);
    expect(resolver.resolve({ provider: "bedrock", region: "eu-west-1" })).toMatchObject({
      status: "resolved",
      key: { id: "pk_1" },
      region: { requested: "eu-west-1", matched: "eu-west-1" },
    });
  });
});

describe("what the fast path remembers", () => {
  it("never remembers a Bedrock answer by API key id alone: it depends on the region", () => {
    const resolver = createResolver([
      key("pk_eu", { api: ["key_a"], regions: ["eu-west-1"] }),
      key("pk_us", { api: ["key_a"], regions: ["us-east-1"] }),
    ]);
    const set = vi.spyOn(Map.prototype, "set");
    const query = { provider: "bedrock", api_key_id: "key_b" } as const;
    for (const region of ["eu-west-1", "us-east-1", "eu-west-1"]) {
      resolver.resolve({ ...query, region });
    }
    expect(set.mock.calls.filter(([id]) => id === "key_b")).toEqual([]);
    const eu = resolver.resolve({ provider: "bedrock", api_key_id: "key_a", region: "eu-west-1" });
    const us = resolver.resolve({ provider: "bedrock", api_key_id: "key_a", region: "us-east-1" });
    expect([eu, us].map((answer) => answer.status === "resolved" && answer.key.id)).toEqual([
      "pk_eu",
      "pk_us",
    ]);
  });

  it("remembers nothing by API key id for a query without one", () => {
    const resolver = createResolver([key("pk_org")]);
    const set = vi.spyOn(Map.prototype, "set");
    resolver.resolve({ provider: "openai" });
    resolver.resolve({ provider: "openai" });
    expect(set.mock.calls.filter(([id]) => id === undefined)).toEqual([]);
  });
});
