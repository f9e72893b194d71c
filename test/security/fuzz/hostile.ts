/**
 * Hostile input for the fuzzers: random JSON, JSON text that is deep, huge, truncated,
 * duplicated or carries prototype keys, values of the wrong type, strings that look like
 * numbers or NaN, unicode of every kind, and mutations of valid request bodies.
 */
import fc from "fast-check";
import { PROVIDER_IDS } from "../../../src/providers/ids.js";
import { STRESS } from "../leaks/runs.js";

/** Nesting past any limit a parser could have: 10,000 levels (100,000 in the stress run). */
export const DEEP = STRESS ? 100_000 : 10_000;

/** A string past every field limit: 100 KB (1 MB in the stress run). */
export const HUGE = STRESS ? 1 << 20 : 100_000;

/** Deeply nested JSON text: arrays, objects, or both. */
export function deepJsonText(levels: number, kind: "array" | "object" | "mixed"): string {
  if (kind === "array") return `${"[".repeat(levels)}1${"]".repeat(levels)}`;
  if (kind === "object") return `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
  let open = "";
  let close = "";
  for (let level = 0; level < levels; level++) {
    open += level % 2 === 0 ? '{"provider_key":[' : "";
    close = (level % 2 === 0 ? "]}" : "") + close;
  }
  return `${open}1${close}`;
}

/** A deeply nested value built without recursion (JSON.parse of deepJsonText, in effect). */
export function deepValue(levels: number): unknown {
  let value: unknown = "sk-deep-FAKE00000000";
  for (let level = 0; level < levels; level++) {
    value = level % 2 === 0 ? [value] : { provider_key: value };
  }
  return value;
}

const FORBIDDEN_KEYS = ["__proto__", "constructor", "prototype"] as const;

/** Strings that other parsers read as numbers, booleans, null or nothing. */
export const trickyString = fc.constantFrom(
  "NaN",
  "-NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "-0",
  "0x1F",
  "1_000",
  "  42  ",
  "true",
  "null",
  "undefined",
  "",
  " ",
  "\u0000",
  "\ud800",
  "\udfff\ud800",
  "é",
  "e\u0301",
  "🔑🔑🔑",
  "\u202eevil",
  "A".repeat(101),
  "key_\u0000",
  "../../etc/passwd",
  "%2e%2e%2f",
  "<script>",
  "'; DROP TABLE keys; --",
);

/** Unicode of every plane, lone surrogates included. */
export const anyText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ maxLength: 40 }),
  trickyString,
);

/** Any JSON value, with keys that include the forbidden ones and the API's own field names. */
const fieldName = fc.oneof(
  fc.constantFrom(
    "provider",
    "name",
    "provider_key",
    "api_key_ids",
    "active",
    "region",
    "api_key_id",
    "global",
    "us-east-1",
    "access_key_id",
    "secret_access_key",
    "type",
    "private_key",
    "endpoint",
    "api_key",
    ...FORBIDDEN_KEYS,
  ),
  anyText,
);

const { json: jsonValue } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    anyText,
    fc.array(tie("json"), { maxLength: 4 }),
    fc.dictionary(fieldName, tie("json"), { maxKeys: 5, noNullPrototype: false }),
  ),
}));

/** A JSON value, some with an own `__proto__`/`constructor`/`prototype` key. */
export const jsonLike: fc.Arbitrary<unknown> = fc.oneof(
  jsonValue,
  fc.constantFrom(...PROVIDER_IDS).map((provider) => ({ provider })),
  fc.constantFrom(...FORBIDDEN_KEYS).map((key) => JSON.parse(`{"${key}":{"polluted":true}}`)),
);

/** Anything a caller could pass in-process: JSON-like, or Maps, Sets, bigints, dates, … */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  jsonLike,
  fc.anything({ maxDepth: 3, withMap: true, withSet: true, withBigInt: true, withDate: true }),
);

/** A valid create body for `provider`, with simple synthetic secrets. */
export function validCreateBody(provider: (typeof PROVIDER_IDS)[number], n: number) {
  const credentials: Record<(typeof PROVIDER_IDS)[number], unknown> = {
    anthropic: `sk-ant-api03-FAKE${"x".repeat(20)}${n}AA`,
    openai: `sk-proj-FAKE${n}T3BlbkFJ${"y".repeat(20)}`,
    mistral: `FAKEmistral${n}${"z".repeat(20)}`,
    deepseek: `sk-fake${n}${"0".repeat(26)}`,
    xai: `xai-FAKE${n}${"q".repeat(70)}`,
    zai: `${"a".repeat(32)}.FAKE${n}zaisecret1`,
    bedrock: {
      global: {
        access_key_id: "AKIAFAKE000000000000",
        secret_access_key: `FAKEsecret${n}${"s".repeat(30)}`,
      },
    },
    google_vertex_ai: {
      type: "service_account",
      project_id: "fake-project",
      private_key_id: "0123456789abcdef",
      private_key: "-----BEGIN PRIVATE KEY-----\nMIIFAKE\n-----END PRIVATE KEY-----\n",
      client_email: "fake@fake-project.iam.gserviceaccount.com",
    },
    azure: { endpoint: "https://fake.openai.azure.com", api_key: `FAKEazure${n}${"k".repeat(24)}` },
  };
  return { provider, name: `fuzz ${n}`, provider_key: credentials[provider], api_key_ids: [] };
}

/** A valid body with one field replaced by one of `values`, or removed, or left valid. */
export function mutatedCreateBody(values: fc.Arbitrary<unknown> = jsonLike) {
  return fc
    .tuple(
      fc.constantFrom(...PROVIDER_IDS),
      fc.nat(1000),
      fc.constantFrom("provider", "name", "provider_key", "api_key_ids", "extra", "none"),
      fc.option(values, { nil: undefined }),
    )
    .map(([provider, n, field, value]) => {
      const body: Record<string, unknown> = validCreateBody(provider, n);
      if (field === "none") return body;
      if (value === undefined) delete body[field];
      else body[field] = value;
      return body;
    });
}

/** JSON text of a body, then damaged: truncated, duplicated keys, trailing junk, or as is. */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(mutatedCreateBody(), fc.nat()).map(([body, cut]) => {
    const text = JSON.stringify(body) ?? "";
    return text.slice(0, cut % Math.max(1, text.length));
  }),
  fc
    .tuple(fc.constantFrom(...PROVIDER_IDS), fc.constantFrom(...PROVIDER_IDS))
    .map(
      ([a, b]) =>
        `{"provider":"${a}","name":"dup","name":"dup2","provider":"${b}","provider_key":"sk-FAKE-duplicate-000000"}`,
    ),
  fc
    .tuple(fc.constantFrom(...FORBIDDEN_KEYS), fc.constantFrom(...PROVIDER_IDS))
    .map(
      ([key, provider]) =>
        `{"provider":"${provider}","name":"proto","provider_key":"sk-FAKE-proto-00000000","${key}":{"active":false,"isAdmin":true}}`,
    ),
  fc.constantFrom("array", "object", "mixed" as const).map((kind) => deepJsonText(DEEP, kind)),
  fc.constant(`{"provider":"openai","name":"huge","provider_key":"${"k".repeat(HUGE)}"}`),
  fc.constant(
    `{"provider":"openai","name":"${"n".repeat(HUGE)}","provider_key":"sk-FAKE-0000000000"}`,
  ),
  mutatedCreateBody().map((body) => `${JSON.stringify(body)} trailing`),
  fc.constantFrom("", " ", "null", "[]", "0", '"text"', "{", "}", "NaN", "\u0000", "{'a':1}"),
  mutatedCreateBody().map((body) => JSON.stringify(body) ?? "null"),
);

/** Bytes that are not UTF-8: lone continuation bytes, overlongs, surrogates, truncated sequences. */
export const invalidUtf8: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.constantFrom(
      [0x80],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
      [0xff],
      [0xfe, 0xff],
    ),
    fc.nat(40),
  )
  .map(([bad, at]) => {
    const prefix = Buffer.from('{"provider":"openai","name":"');
    const suffix = Buffer.from('","provider_key":"sk-FAKE-utf8-000000000"}');
    const cut = Math.min(at, prefix.length);
    return new Uint8Array(
      Buffer.concat([prefix.subarray(0, cut), Buffer.from(bad), prefix.subarray(cut), suffix]),
    );
  });

/** Content types a client might send, right and wrong. */
export const contentType = fc.oneof(
  { weight: 4, arbitrary: fc.constant("application/json") },
  fc.constantFrom(
    "application/json; charset=utf-8",
    "application/merge-patch+json",
    "APPLICATION/JSON",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/jsonx",
    "application/xml",
    "",
    ";;;",
  ),
);
