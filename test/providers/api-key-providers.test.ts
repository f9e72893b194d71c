import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseProviderKey } from "../../src/providers/parse-provider-key.js";
import { providers } from "../../src/providers/registry.js";
import { expectNoLeak } from "../masking/leaks.js";
import { API_KEY_PROVIDERS, fakeApiKeys } from "./fixtures.js";
import { rejectionOf } from "./rejection.js";

describe.each(API_KEY_PROVIDERS)("%s provider_key schema", (provider) => {
  const key = fakeApiKeys[provider];

  it("accepts a key in the provider's documented format, unchanged", () => {
    expect(parseProviderKey(provider, key)).toBe(key);
    expect(providers[provider].schema.safeParse(key)).toMatchObject({ success: true, data: key });
    expect(providers[provider].updateSchema.safeParse(key).success).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ["a number", 12345678, "must be the API key, a string"],
    ["null", null, "must be the API key, a string"],
    ["an object", { key }, "must be the API key, a string"],
    ["an array", [key], "must be the API key, a string"],
    ["an empty string", "", "must be at least 8 characters"],
    ["a key of 7 characters", key.slice(0, 7), "must be at least 8 characters"],
    [
      "a key of 1 MB",
      key.repeat(Math.ceil((1 << 20) / key.length)),
      "must be at most 1024 characters",
    ],
    ["a key with a space", `${key} `, "must be printable ASCII with no spaces or line breaks"],
    [
      "a key with a line break",
      `${key}\n`,
      "must be printable ASCII with no spaces or line breaks",
    ],
    ["a key with non-ASCII", `${key}é`, "must be printable ASCII with no spaces or line breaks"],
  ])("rejects %s at provider_key, saying what a key must be", (_, input, message) => {
    const error = rejectionOf(() => parseProviderKey(provider, input));
    expect(error.issues).toEqual([{ path: "provider_key", message }]);
    expectNoLeak(error, [key]);
  });

  it("does not parse JSON text: the string is the key itself", () => {
    expect(parseProviderKey(provider, '{"api_key":"x"}')).toBe('{"api_key":"x"}');
  });
});

describe("parseProviderKey", () => {
  it("rejects an unknown provider at `provider`, listing the known ones", () => {
    const error = rejectionOf(() => parseProviderKey("gemini" as "openai", fakeApiKeys.openai));
    expect(error.issues).toEqual([
      {
        path: "provider",
        message:
          "must be one of anthropic, openai, google_vertex_ai, mistral, deepseek, xai, zai, bedrock, azure",
      },
    ]);
  });

  it("puts the issues under the path it is given", () => {
    const error = rejectionOf(() => parseProviderKey("openai", "short", { path: "credentials" }));
    expect(error.issues).toEqual([
      { path: "credentials", message: "must be at least 8 characters" },
    ]);
  });

  it("never shows a rejected key or any 6-character piece of it (property)", () => {
    const printable = fc.constantFrom(
      ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~!$".split(""),
    );
    const badPart = fc.constantFrom(" ", "\n", "\t", "é", "\u0000");
    fc.assert(
      fc.property(
        fc.constantFrom(...API_KEY_PROVIDERS),
        fc.string({ unit: printable, minLength: 6, maxLength: 1500 }),
        badPart,
        fc.nat(),
        (provider, body, bad, at) => {
          const position = at % (body.length + 1);
          const secret = `${body.slice(0, position)}${bad}${body.slice(position)}`;
          const error = rejectionOf(() => parseProviderKey(provider, secret));
          expectNoLeak(error, [body.slice(0, position), body.slice(position)]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
