import { describe, expect, it } from "vitest";
import { findForbiddenKey } from "../../src/internal/forbidden-keys.js";
import { parseProviderKey } from "../../src/providers/parse-provider-key.js";
import { parseCreateInput } from "../../src/schemas/provider-key-input.js";
import { expectNoLeak } from "../masking/leaks.js";
import { fakeChars, fakeOpenAiKey } from "../providers/fixtures.js";
import { rejectionOf } from "../providers/rejection.js";

/** `{ a: { a: … { [last]: value } } }`, `depth` objects deep. */
function nested(depth: number, last = "a", value: unknown = 1): unknown {
  let out: unknown = { [last]: value };
  for (let i = 1; i < depth; i++) out = { a: out };
  return out;
}

describe("findForbiddenKey", () => {
  it.each([
    ["__proto__", '{"__proto__":{}}', ["__proto__"]],
    ["constructor", '{"ok":1,"constructor":{}}', ["constructor"]],
    ["prototype", '{"a":{"b":{"prototype":1}}}', ["a", "b", "prototype"]],
    ["a key inside an array", '{"list":[{"x":1},{"__proto__":1}]}', ["list", "1", "__proto__"]],
  ])("finds %s as an own key parsed from JSON, with its path", (_, text, path) => {
    expect(findForbiddenKey(JSON.parse(text))).toEqual(path);
  });

  it("finds nothing in ordinary values", () => {
    for (const value of [
      null,
      undefined,
      "__proto__",
      42,
      [],
      { name: "n", provider_key: { "us-east-1": { access_key_id: "x" } } },
      ["constructor", "prototype"],
    ]) {
      expect(findForbiddenKey(value)).toBeUndefined();
    }
  });

  it("ignores a prototype set by an object literal, which is not an own key", () => {
    const value = { __proto__: { polluted: true }, name: "n" };
    expect(findForbiddenKey(value)).toBeUndefined();
  });

  it("stops at 64 levels and reports where", () => {
    expect(findForbiddenKey(nested(64))).toBeUndefined();
    expect(findForbiddenKey(nested(70))).toHaveLength(65);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(findForbiddenKey(cyclic)).toHaveLength(65);
  });
});

describe("forbidden keys in input", () => {
  it("says a value nested too deeply is too deep, without quoting its keys", () => {
    const secret = fakeOpenAiKey(1000);
    const error = rejectionOf(() =>
      parseProviderKey("bedrock", { "us-east-1": nested(64, secret, secret) }),
    );
    expect(error.issues).toEqual([
      { path: "provider_key", message: "must not be nested more than 64 levels deep" },
    ]);
    expectNoLeak(error, [secret]);
  });

  it("says the same of a create body", () => {
    const secret = fakeChars(40, 1001);
    const error = rejectionOf(() =>
      parseCreateInput({ provider: "openai", name: "n", provider_key: nested(64, secret) }),
    );
    expect(error.issues).toEqual([
      { path: "", message: "must not be nested more than 64 levels deep" },
    ]);
    expectNoLeak(error, [secret]);
  });
});
