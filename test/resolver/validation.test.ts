import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/validation-error.js";
import { createResolver, type ResolvableKey, type ResolveQuery } from "../../src/resolver/index.js";
import { key } from "./support.js";

/** Runs `act`, expecting a ValidationError whose first issue names `path`; returns it. */
function rejection(act: () => unknown, path: string): ValidationError {
  let caught: unknown;
  try {
    act();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ValidationError);
  const error = caught as ValidationError;
  expect(error.issues[0]?.path).toBe(path);
  expect(error.issues[0]?.message).not.toBe("");
  return error;
}

const records = [
  key("pk_org"),
  key("pk_api", { api: ["key_a"] }),
  key("pk_bedrock", { regions: ["global", "us-east-1"] }),
  key("pk_bedrock_api", { regions: ["eu-west-1"], api: ["key_a"] }),
];

/** Bad queries for a resolver that has keys, and for one that has none. */
const resolvers = [
  ["with keys", createResolver(records)],
  ["with no keys", createResolver()],
] as const;

describe.each(resolvers)("resolve() on a resolver %s rejects bad input", (_, resolver) => {
  it.each([
    ["an unknown provider", { provider: "cohere" }],
    ["a missing provider", {}],
    ["a non-string provider", { provider: 7 }],
    ["a provider that is an Object.prototype name", { provider: "constructor" }],
  ])("%s → provider", (_, query) => {
    rejection(() => resolver.resolve(query as unknown as ResolveQuery), "provider");
  });

  it.each([
    ["an empty api_key_id", ""],
    ["a numeric api_key_id", 42],
    ["a null api_key_id", null],
    ["an array api_key_id", ["key_a"]],
  ])("%s → api_key_id", (_, api_key_id) => {
    for (const provider of ["openai", "bedrock"]) {
      const query = { provider, api_key_id } as unknown as ResolveQuery;
      rejection(() => resolver.resolve(query), "api_key_id");
    }
  });

  it.each(["US-EAST-1", "us-east", "mars-1", "", " us-east-1", "GLOBAL"])(
    "a malformed Bedrock region %j → region",
    (region) => {
      for (const api_key_id of [undefined, "key_a", "key_nobody"]) {
        const error = rejection(
          () => resolver.resolve({ provider: "bedrock", api_key_id, region }),
          "region",
        );
        // The message says what is expected without echoing what was rejected.
        if (region.trim() !== "") expect(error.message).not.toContain(region);
      }
    },
  );

  it("a non-string Bedrock region → region", () => {
    const query = { provider: "bedrock", region: 1 } as unknown as ResolveQuery;
    rejection(() => resolver.resolve(query), "region");
  });

  it.each([
    ["null", null],
    ["undefined", undefined],
    ["a string", "openai"],
    ["a number", 1],
  ])("a query that is %s → a ValidationError", (_, query) => {
    expect(() => resolver.resolve(query as unknown as ResolveQuery)).toThrow(ValidationError);
  });
});

describe("records without an id", () => {
  const bad: [string, unknown][] = [
    ["no id", { provider: "openai", name: "x", created_at: "2025-01-01T00:00:00Z" }],
    ["an empty id", { id: "", provider: "openai", name: "x", created_at: "" }],
    ["a numeric id", { id: 5, provider: "openai", name: "x", created_at: "" }],
    ["null instead of a record", null],
  ];

  it.each(bad)("createResolver rejects a record with %s → id", (_, record) => {
    rejection(() => createResolver([key("pk_fine"), record as ResolvableKey]), "id");
  });

  it.each(bad)(
    "upsert rejects a record with %s → id, and keeps the resolver as it was",
    (_, record) => {
      const resolver = createResolver([key("pk_fine")]);
      rejection(() => resolver.upsert(record as ResolvableKey), "id");
      expect(resolver.size).toBe(1);
      expect(resolver.resolve({ provider: "openai" })).toMatchObject({ key: { id: "pk_fine" } });
    },
  );

  it("createResolver rejects a record without a provider → provider", () => {
    const record = { id: "pk_1", name: "x", created_at: "" } as unknown as ResolvableKey;
    rejection(() => createResolver([record]), "provider");
  });
});

describe("byok_only and the API keys", () => {
  it.each([
    ["a string", "true"],
    ["a number", 1],
    ["null", null],
    ["an object", {}],
  ])("a query's byok_only that is %s → byok_only", (_, byok_only) => {
    for (const resolver of [createResolver(records), createResolver()]) {
      for (const provider of ["openai", "bedrock"]) {
        // Checked whatever the answer would be, resolved or not, cached or not.
        resolver.resolve({ provider, api_key_id: "key_a" } as ResolveQuery);
        const query = { provider, api_key_id: "key_a", byok_only } as unknown as ResolveQuery;
        rejection(() => resolver.resolve(query), "byok_only");
      }
    }
  });

  const badLists: [string, unknown, string][] = [
    ["not an array", { id: "key_a" }, "apiKeys"],
    ["null", null, "apiKeys"],
    ["an entry without an id", [{ id: "key_a" }, { byok_only: true }], "apiKeys[1].id"],
    ["an entry with an empty id", [{ id: "" }], "apiKeys[0].id"],
    ["a null entry", [null], "apiKeys[0].id"],
    ["a non-boolean byok_only", [{ id: "key_a", byok_only: "yes" }], "apiKeys[0].byok_only"],
    ["a non-boolean active", [{ id: "key_a", active: 0 }], "apiKeys[0].active"],
  ];

  it.each(badLists)("createResolver with apiKeys %s → %s", (_, apiKeys, path) => {
    const options = { apiKeys } as unknown as Parameters<typeof createResolver>[1];
    rejection(() => createResolver(records, options), path);
  });

  it.each(badLists)("setApiKeys with %s → %s, and changes nothing", (_, apiKeys, path) => {
    const resolver = createResolver([key("pk_a", { api: ["key_a"] })], {
      apiKeys: [{ id: "key_b", byok_only: true }],
    });
    rejection(() => resolver.setApiKeys(apiKeys as never), path);
    // Still learned: key_b is BYOK-only, key_a is live.
    expect(resolver.resolve({ provider: "mistral", api_key_id: "key_b" }).status).toBe("rejected");
    expect(resolver.lint()).toHaveLength(1);
  });

  it("says what is expected without echoing the rejected value", () => {
    const error = rejection(
      () =>
        createResolver([], {
          apiKeys: [{ id: "key_a", byok_only: "sk-secret-looking" as unknown as boolean }],
        }),
      "apiKeys[0].byok_only",
    );
    expect(error.message).toBe("apiKeys[0].byok_only: must be a boolean");
  });
});
