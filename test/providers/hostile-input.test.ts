import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/validation-error.js";
import { PROVIDER_IDS } from "../../src/providers/ids.js";
import { parseProviderKey } from "../../src/providers/parse-provider-key.js";
import { expectNoLeak, thrownBy } from "../masking/leaks.js";
import { fakeChars } from "./fixtures.js";
import { rejectionOf } from "./rejection.js";

const secret = `sk-${fakeChars(48, 1200)}`;
const megabyte = fakeChars(1 << 20, 1201);

/** Inputs no provider accepts; each holds `secret` (or `megabyte`) somewhere. */
const hostile: [string, unknown][] = [
  ["undefined", undefined],
  ["null", null],
  ["a boolean", true],
  ["a number", 1e21],
  ["a bigint", 10n],
  ["a function", () => secret],
  ["a symbol", Symbol(secret)],
  ["a Date", new Date(0)],
  ["an array of secrets", [secret, secret]],
  ["nested garbage", { a: [{ b: [[secret]] }], c: { d: { e: null } } }],
  ["a string of 1 MB", megabyte],
  ["a string with a NUL byte", `${secret}\u0000`],
  ["an own __proto__ key", JSON.parse(`{"__proto__":{"key":"${secret}"}}`)],
  ["an own constructor key", JSON.parse(`{"constructor":{"prototype":"${secret}"}}`)],
];

/** JSON text: hostile for structured credentials; for the others it is just a key string. */
const hostileText: [string, unknown][] = [
  ["JSON text with __proto__", `{"__proto__":{"key":"${secret}"}}`],
  ["JSON text of an array", `["${secret}"]`],
  ["JSON text of a string", JSON.stringify(secret)],
  ["JSON text that does not parse", `{"key":"${secret}"`],
];

const STRUCTURED: readonly string[] = ["google_vertex_ai", "bedrock", "azure"];

function expectNamedRejection(error: ValidationError): void {
  expect(error.issues.length).toBeGreaterThan(0);
  for (const issue of error.issues) {
    expect(issue.path).toMatch(/^provider_key(\.|\[|$)/);
    expect(issue.message).toMatch(/^(must|is|has) /);
  }
  expectNoLeak(error, [secret, megabyte.slice(0, 256)]);
}

describe.each(PROVIDER_IDS)("%s provider_key given hostile input", (provider) => {
  it.each(hostile)("rejects %s with a ValidationError that names provider_key", (_, input) => {
    expectNamedRejection(rejectionOf(() => parseProviderKey(provider, input)));
  });
});

describe.each(["google_vertex_ai", "bedrock", "azure"] as const)(
  "%s provider_key given hostile JSON text",
  (provider) => {
    it.each(hostileText)(
      "rejects %s with a ValidationError that names provider_key",
      (_, input) => {
        expectNamedRejection(rejectionOf(() => parseProviderKey(provider, input)));
      },
    );
  },
);

describe("every provider_key rejection (property)", () => {
  const SECRET_UNITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".split("");
  /** Secret-like strings: at least 8 characters, with a digit so no one reads as a field name. */
  const secretString = fc
    .string({ unit: fc.constantFrom(...SECRET_UNITS), minLength: 8, maxLength: 60 })
    .map((s) => `${s}7`);
  const NAMES = [
    "type",
    "endpoint",
    "api_key",
    "access_key_id",
    "secret_access_key",
    "session_token",
    "private_key",
    "us-east-1",
    "global",
    "mars-1",
  ];
  const key = fc.oneof(fc.constantFrom(...NAMES), secretString);
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof(
      { depthSize: "small" },
      secretString,
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("tree"), { maxLength: 3 }),
      fc.dictionary(key, tie("tree"), { maxKeys: 4 }),
    ),
  }));

  /** Every string value (not key) in `value`: the things a message must never quote. */
  function valuesIn(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.flatMap(valuesIn);
    if (value && typeof value === "object") return Object.values(value).flatMap(valuesIn);
    return [];
  }

  /** Keys that a path may not show: the secret-like ones. */
  function secretKeysIn(value: unknown): string[] {
    if (Array.isArray(value)) return value.flatMap(secretKeysIn);
    if (value && typeof value === "object") {
      return Object.entries(value).flatMap(([k, v]) => [
        ...(NAMES.includes(k) ? [] : [k]),
        ...secretKeysIn(v),
      ]);
    }
    return [];
  }

  it("quotes no value and no secret-like key it was given, as an object or as JSON text", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROVIDER_IDS),
        tree,
        fc.boolean(),
        (provider, value, asText) => {
          const input = asText ? JSON.stringify(value) : value;
          // JSON text without spaces is a well-formed API key; anything else must be refused.
          fc.pre(typeof input !== "string" || STRUCTURED.includes(provider));
          const outcome = thrownBy(() => parseProviderKey(provider, input));
          expect(outcome).toBeInstanceOf(ValidationError);
          expectNoLeak(outcome, [...valuesIn(value), ...secretKeysIn(value)]);
        },
      ),
      { numRuns: 400 },
    );
  });
});
