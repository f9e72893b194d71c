import { describe, expect, it } from "vitest";
import { parseCreateInput, parseUpdateInput } from "../../src/schemas/provider-key-input.js";
import { expectNoLeak } from "../masking/leaks.js";
import {
  fakeAccessKeyId,
  fakeChars,
  fakeOpenAiKey,
  fakeRegionEntry,
  fakeServiceAccount,
} from "../providers/fixtures.js";
import { issueAt, rejectionOf } from "../providers/rejection.js";

const key = fakeOpenAiKey(900);
const valid = { provider: "openai", name: "Production", provider_key: key };

describe("parseCreateInput", () => {
  it("accepts a create body and fills api_key_ids with the organization scope", () => {
    expect(parseCreateInput(valid)).toEqual({ ...valid, api_key_ids: [] });
  });

  it("keeps the API keys it is given, in order, in a copy", () => {
    const ids = ["key_staging", "key_prod-2"];
    const parsed = parseCreateInput({ ...valid, api_key_ids: ids });
    expect(parsed.api_key_ids).toEqual(ids);
    expect(parsed.api_key_ids).not.toBe(ids);
  });

  it("parses a structured provider_key from its JSON text", () => {
    const credentials = { "eu-west-3": fakeRegionEntry(901) };
    const parsed = parseCreateInput({
      provider: "bedrock",
      name: "AWS EU",
      provider_key: JSON.stringify(credentials),
    });
    expect(parsed.provider_key).toEqual(credentials);
  });

  it.each([
    ["1 character", "a"],
    ["100 characters", "n".repeat(100)],
    ["inner and outer spaces", "  Prod key  "],
    ["100 emoji (characters are code points, not UTF-16 units)", "🔑".repeat(100)],
  ])("accepts a name of %s, unchanged", (_, name) => {
    expect(parseCreateInput({ ...valid, name }).name).toBe(name);
  });

  it.each<[string, unknown, string]>([
    ["empty", "", "must not be empty"],
    ["101 characters", "n".repeat(101), "must be at most 100 characters"],
    ["101 emoji", "🔑".repeat(101), "must be at most 100 characters"],
    ["only spaces", "    ", "must not be only spaces"],
    ["only a tab and a line break", "\t\n", "must not be only spaces"],
    ["a number", 42, "must be a string of 1 to 100 characters"],
    ["missing", undefined, "must be a string of 1 to 100 characters"],
  ])("rejects a name that is %s", (_, name, message) => {
    const error = rejectionOf(() => parseCreateInput({ ...valid, name }));
    expect(error.issues).toEqual([{ path: "name", message }]);
  });

  it.each<[string, unknown]>([
    ["unknown", "gemini"],
    ["in another case", "OpenAI"],
    ["not a string", 1],
    ["missing", undefined],
  ])("rejects a provider that is %s, listing the known ones", (_, provider) => {
    const error = rejectionOf(() => parseCreateInput({ ...valid, provider }));
    expect(error.issues).toEqual([
      {
        path: "provider",
        message:
          "must be one of anthropic, openai, google_vertex_ai, mistral, deepseek, xai, zai, bedrock, azure",
      },
    ]);
  });

  it.each<[string, unknown, string, string]>([
    ["not a list", "key_1", "api_key_ids", "must be a list of API key ids"],
    [
      "naming a key twice",
      ["key_1", "key_2", "key_1"],
      "api_key_ids",
      "must not name an API key twice",
    ],
    ["holding an empty id", ["key_1", ""], "api_key_ids[1]", "must not be empty"],
    ["holding a number", [7], "api_key_ids[0]", "must be an API key id, a string"],
    [
      "holding a path",
      ["../key_1"],
      "api_key_ids[0]",
      "must contain only letters, digits, _ and -",
    ],
    [
      "naming 101 keys",
      Array.from({ length: 101 }, (_, i) => `key_${i}`),
      "api_key_ids",
      "must name at most 100 API keys",
    ],
  ])("rejects api_key_ids %s", (_, api_key_ids, path, message) => {
    const error = rejectionOf(() => parseCreateInput({ ...valid, api_key_ids }));
    expect(error.issues).toEqual([{ path, message }]);
  });

  it("accepts exactly 100 API keys", () => {
    const ids = Array.from({ length: 100 }, (_, i) => `key_${i}`);
    expect(parseCreateInput({ ...valid, api_key_ids: ids }).api_key_ids).toHaveLength(100);
  });

  it("rejects unknown fields by name", () => {
    const error = rejectionOf(() => parseCreateInput({ ...valid, active: true, region: "x" }));
    expect(error.issues).toEqual([{ path: "", message: "has unknown fields active, region" }]);
  });

  it("requires provider_key", () => {
    const { provider_key: _, ...rest } = valid;
    const error = rejectionOf(() => parseCreateInput(rest));
    expect(error.issues).toEqual([{ path: "provider_key", message: "is required" }]);
  });

  it.each<[string, unknown]>([
    ["null", null],
    ["a string", JSON.stringify(valid)],
    ["a number", 1],
  ])("rejects a body that is %s as not an object", (_, body) => {
    const error = rejectionOf(() => parseCreateInput(body));
    expect(error.issues).toEqual([
      { path: "", message: "must be an object { provider, name, provider_key, api_key_ids? }" },
    ]);
    expectNoLeak(error, [key]);
  });

  it("collects every issue at once, provider_key included", () => {
    const error = rejectionOf(() =>
      parseCreateInput({
        provider: "bedrock",
        name: "",
        provider_key: { "mars-1": fakeRegionEntry(902) },
        api_key_ids: ["key_1", "key_1"],
        extra: 1,
      }),
    );
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: "name", message: "must not be empty" },
        { path: "api_key_ids", message: "must not name an API key twice" },
        { path: "", message: "has unknown field extra" },
        {
          path: "provider_key.mars-1",
          message: 'must be an AWS region code (such as eu-west-3) or "global"',
        },
      ]),
    );
    expect(error.issues).toHaveLength(4);
    expect(error.message).toContain("name: must not be empty");
    expect(error.message).toContain("provider_key.mars-1: must be an AWS region code");
  });

  it("shows no secret, wherever in the body it was put", () => {
    const secret = fakeOpenAiKey(903);
    const pem = fakeServiceAccount(904);
    const error = rejectionOf(() =>
      parseCreateInput({
        provider: secret,
        name: `${secret}${secret}${secret}`,
        provider_key: { ...pem, type: secret },
        api_key_ids: [secret],
        [secret]: secret,
      }),
    );
    // provider_key waits for a valid provider; a key-shaped id is a well-formed id.
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(["", "name", "provider"]);
    expectNoLeak(error, [secret]);
  });

  it("shows none of a rejected provider_key", () => {
    const secret = `${fakeChars(40, 905)} `;
    const error = rejectionOf(() => parseCreateInput({ ...valid, provider_key: secret }));
    expect(issueAt(error, "provider_key").message).toMatch(/printable ASCII/);
    expectNoLeak(error, [secret.trim()]);
  });

  it.each([
    [
      "__proto__",
      "__proto__",
      `{"__proto__":{"polluted":true},"provider":"openai","name":"n","provider_key":"${key}"}`,
      "",
    ],
    [
      "constructor",
      "constructor",
      `{"constructor":{},"provider":"openai","name":"n","provider_key":"${key}"}`,
      "",
    ],
    [
      "a nested __proto__",
      "__proto__",
      `{"provider":"bedrock","name":"n","provider_key":{"us-east-1":{"__proto__":{}}}}`,
      "provider_key.us-east-1",
    ],
  ])("rejects a body holding %s as its own key", (_, forbidden, text, path) => {
    const error = rejectionOf(() => parseCreateInput(JSON.parse(text)));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ path });
    expect(error.issues[0]!.message).toBe(`must not contain the key ${forbidden}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expectNoLeak(error, [key]);
  });
});

describe("parseUpdateInput", () => {
  it("returns only the fields given, so omitted ones keep their stored value", () => {
    expect(parseUpdateInput({})).toEqual({});
    expect(parseUpdateInput({ name: "Renamed" })).toEqual({ name: "Renamed" });
    expect(parseUpdateInput({ active: false, api_key_ids: [] })).toEqual({
      active: false,
      api_key_ids: [],
    });
    expect(parseUpdateInput({ provider_key: undefined })).toEqual({});
  });

  it("passes provider_key through when the provider is not known (client side)", () => {
    expect(parseUpdateInput({ provider_key: "anything" })).toEqual({ provider_key: "anything" });
  });

  it("parses provider_key with the provider's update schema when the provider is known", () => {
    const update = { "us-east-1": { access_key_id: fakeAccessKeyId(910) } };
    expect(parseUpdateInput({ provider_key: JSON.stringify(update) }, "bedrock")).toEqual({
      provider_key: update,
    });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ["active that is not a boolean", { active: "yes" }, "active", "must be true or false"],
    [
      "a name of 101 characters",
      { name: "n".repeat(101) },
      "name",
      "must be at most 100 characters",
    ],
    ["a name of only spaces", { name: " " }, "name", "must not be only spaces"],
    [
      "api_key_ids naming a key twice",
      { api_key_ids: ["a", "a"] },
      "api_key_ids",
      "must not name an API key twice",
    ],
    ["a provider (it cannot change)", { provider: "openai" }, "", "has unknown field provider"],
  ])("rejects %s", (_, input, path, message) => {
    const error = rejectionOf(() => parseUpdateInput(input));
    expect(error.issues).toEqual([{ path, message }]);
  });

  it("rejects a body that is not an object", () => {
    const error = rejectionOf(() => parseUpdateInput([]));
    expect(error.issues).toEqual([
      { path: "", message: "must be an object { name?, api_key_ids?, active?, provider_key? }" },
    ]);
  });

  it("collects every issue at once, provider_key included, and shows no secret", () => {
    const secret = fakeChars(40, 911);
    const error = rejectionOf(() =>
      parseUpdateInput(
        {
          name: "",
          active: 1,
          api_key_ids: [""],
          provider_key: { global: { access_key_id: secret, secret_access_key: secret } },
        },
        "bedrock",
      ),
    );
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      "active",
      "api_key_ids[0]",
      "name",
      "provider_key.global.access_key_id",
    ]);
    expectNoLeak(error, [secret]);
  });

  it("rejects a null provider_key when the provider is known", () => {
    const error = rejectionOf(() => parseUpdateInput({ provider_key: null }, "openai"));
    expect(error.issues).toEqual([
      { path: "provider_key", message: "must be the API key, a string" },
    ]);
  });

  it("rejects a __proto__ key anywhere in the body", () => {
    const error = rejectionOf(() =>
      parseUpdateInput(JSON.parse('{"provider_key":{"global":{"__proto__":{}}}}')),
    );
    expect(error.issues).toEqual([
      { path: "provider_key.global", message: "must not contain the key __proto__" },
    ]);
  });
});
