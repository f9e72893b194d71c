import { describe, expect, it } from "vitest";
import { google_vertex_ai } from "../../src/providers/google-vertex-ai.js";
import { parseProviderKey } from "../../src/providers/parse-provider-key.js";
import { providers } from "../../src/providers/registry.js";
import { expectNoLeak } from "../masking/leaks.js";
import { fakeChars, fakePemBody, fakePrivateKey, fakeServiceAccount } from "./fixtures.js";
import { issueAt, rejectionOf } from "./rejection.js";

const key = fakeServiceAccount(200);
/** What must never show: the key's body lines and its full key id. */
const secrets = [...fakePemBody(200), key.private_key_id];

function without(field: string): Record<string, unknown> {
  const { [field]: _, ...rest } = key;
  return rest;
}

describe("google_vertex_ai provider_key schema", () => {
  it("is the schema of the registry's google_vertex_ai entry", () => {
    expect(providers.google_vertex_ai).toBe(google_vertex_ai);
    expect(google_vertex_ai.schema.safeParse(key).success).toBe(true);
  });

  it("accepts a key file as an object and as its JSON text, keeping extra fields", () => {
    expect(parseProviderKey("google_vertex_ai", key)).toEqual(key);
    const parsed = parseProviderKey("google_vertex_ai", JSON.stringify(key));
    expect(parsed).toEqual(key);
    expect(parsed.client_id).toBe("100000000000000000001");
    expect(parsed.universe_domain).toBe("googleapis.com");
  });

  it("defaults token_uri to Google's when the file omits it", () => {
    const parsed = parseProviderKey("google_vertex_ai", without("token_uri"));
    expect(parsed.token_uri).toBe("https://oauth2.googleapis.com/token");
  });

  it("accepts an RSA PEM key and a key whose line breaks are escaped twice", () => {
    const rsa = key.private_key.replace(/PRIVATE KEY/g, "RSA PRIVATE KEY");
    expect(parseProviderKey("google_vertex_ai", { ...key, private_key: rsa }).private_key).toBe(
      rsa,
    );
    const escaped = key.private_key.replace(/\n/g, "\\n");
    expect(parseProviderKey("google_vertex_ai", { ...key, private_key: escaped }).private_key).toBe(
      escaped,
    );
  });

  it.each([
    ["a leading line break and spaces", (pem: string) => `\n  ${pem}`],
    ["no line break after the END line", (pem: string) => pem.trimEnd()],
    ["several line breaks after the END line", (pem: string) => `${pem}\n\n`],
    ["escaped line breaks after the END line", (pem: string) => `${pem.trimEnd()}\\n\\n`],
  ])("accepts a PEM private key with %s", (_, reshape) => {
    const private_key = reshape(key.private_key);
    expect(parseProviderKey("google_vertex_ai", { ...key, private_key }).private_key).toBe(
      private_key,
    );
  });

  it.each([
    ["type", /must be "service_account"/],
    ["project_id", /must be the Google Cloud project id, a string/],
    ["private_key_id", /must be the private key id, a string/],
    ["private_key", /must be the PEM private key, a string/],
    ["client_email", /must be the service account's email/],
  ])("requires %s, naming it and what it must be", (field, message) => {
    const error = rejectionOf(() => parseProviderKey("google_vertex_ai", without(field)));
    expect(issueAt(error, `provider_key.${field}`).message).toMatch(message);
    expectNoLeak(error, secrets);
  });

  it("names every missing field at once", () => {
    const error = rejectionOf(() =>
      parseProviderKey("google_vertex_ai", { type: "service_account" }),
    );
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      "provider_key.client_email",
      "provider_key.private_key",
      "provider_key.private_key_id",
      "provider_key.project_id",
    ]);
  });

  const body = fakeChars(
    1200,
    201,
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  );
  it.each<[string, Record<string, unknown>, string, RegExp, string[]]>([
    [
      'a type other than "service_account"',
      { ...key, type: "authorized_user" },
      "provider_key.type",
      /^must be "service_account"$/,
      secrets,
    ],
    [
      "a private key that is not PEM",
      { ...key, private_key: body },
      "provider_key.private_key",
      /must be a PEM private key/,
      [body],
    ],
    [
      "a private key with text before its BEGIN line",
      { ...key, private_key: `key:${key.private_key}` },
      "provider_key.private_key",
      /^must be a PEM private key \(between BEGIN and END PRIVATE KEY lines\)$/,
      secrets,
    ],
    [
      "a PEM public key",
      {
        ...key,
        private_key: `-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----\n`,
      },
      "provider_key.private_key",
      /must be a PEM private key/,
      [body],
    ],
    [
      "a private key with text after its END line",
      { ...key, private_key: `${key.private_key}${body}` },
      "provider_key.private_key",
      /must be a PEM private key/,
      [body, ...secrets],
    ],
    [
      "a private key of 1 MB",
      {
        ...key,
        private_key: `-----BEGIN PRIVATE KEY-----\n${body.repeat(874)}\n-----END PRIVATE KEY-----`,
      },
      "provider_key.private_key",
      /must be at most 16384 characters/,
      [body],
    ],
    [
      "an http token_uri",
      { ...key, token_uri: "http://oauth2.googleapis.com/token" },
      "provider_key.token_uri",
      /must be an absolute https:\/\/ URL/,
      secrets,
    ],
    [
      "a relative token_uri",
      { ...key, token_uri: "/token" },
      "provider_key.token_uri",
      /must be an absolute https:\/\/ URL/,
      secrets,
    ],
    [
      "a token_uri with credentials in it",
      { ...key, token_uri: `https://user:${body.slice(0, 20)}@oauth2.googleapis.com/token` },
      "provider_key.token_uri",
      /must be an absolute https:\/\/ URL/,
      [body.slice(0, 20)],
    ],
    [
      "a client_email without @",
      { ...key, client_email: "fake-project-123.iam.gserviceaccount.com" },
      "provider_key.client_email",
      /must be the service account's email/,
      secrets,
    ],
    [
      "a client_email with a word before it",
      { ...key, client_email: `svc ${key.client_email}` },
      "provider_key.client_email",
      /^must be the service account's email$/,
      secrets,
    ],
    [
      "a client_email with a word after it",
      { ...key, client_email: `${key.client_email} svc` },
      "provider_key.client_email",
      /^must be the service account's email$/,
      secrets,
    ],
    [
      "a token_uri with a password and no user",
      { ...key, token_uri: `https://:${body.slice(0, 20)}@oauth2.googleapis.com/token` },
      "provider_key.token_uri",
      /^must be an absolute https:\/\/ URL$/,
      [body.slice(0, 20)],
    ],
    [
      "an empty project_id",
      { ...key, project_id: "" },
      "provider_key.project_id",
      /must be the Google Cloud project id, not empty/,
      secrets,
    ],
    [
      "a private_key_id that is a number",
      { ...key, private_key_id: 1234567890 },
      "provider_key.private_key_id",
      /must be the private key id, a string/,
      secrets,
    ],
  ])("rejects %s, naming the field and what it expects", (_, input, path, message, hidden) => {
    const error = rejectionOf(() => parseProviderKey("google_vertex_ai", input));
    expect(issueAt(error, path).message).toMatch(message);
    expectNoLeak(error, hidden);
  });

  it.each<[string, unknown]>([
    ["a number", 42],
    ["null", null],
    ["an array", [key]],
    ["JSON text of an array", JSON.stringify([key])],
  ])("rejects %s as not a key file", (_, input) => {
    const error = rejectionOf(() => parseProviderKey("google_vertex_ai", input));
    expect(error.issues).toEqual([
      {
        path: "provider_key",
        message: "must be a service-account JSON key file (an object, or its JSON text)",
      },
    ]);
    expectNoLeak(error, secrets);
  });

  it("rejects JSON text that does not parse, without quoting the key", () => {
    const error = rejectionOf(() =>
      parseProviderKey("google_vertex_ai", JSON.stringify(key).slice(0, -1)),
    );
    expect(error.issues[0]?.message).toMatch(/not valid JSON/);
    expectNoLeak(error, secrets);
  });

  it.each(["__proto__", "constructor", "prototype"])(
    "rejects JSON text with an own %s key, where extra fields are otherwise kept",
    (forbidden) => {
      const text = `${JSON.stringify(key).slice(0, -1)},"${forbidden}":{"polluted":true}}`;
      const error = rejectionOf(() => parseProviderKey("google_vertex_ai", text));
      expect(error.issues).toEqual([
        { path: "provider_key", message: `must not contain the key ${forbidden}` },
      ]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expectNoLeak(error, secrets);
    },
  );

  it("does not show the private key of a PEM that is rejected for its length", () => {
    const pem = fakePrivateKey(202).repeat(40);
    const error = rejectionOf(() =>
      parseProviderKey("google_vertex_ai", { ...key, private_key: pem }),
    );
    expect(issueAt(error, "provider_key.private_key").message).toMatch(/at most 16384/);
    expectNoLeak(error, fakePemBody(202));
  });
});

describe("google_vertex_ai extra fields", () => {
  const key = fakeServiceAccount(210);

  it("rejects an extra field of 1 MB, as it rejects JSON text of that size", () => {
    const huge = fakeChars(1 << 20, 211);
    const error = rejectionOf(() =>
      parseProviderKey("google_vertex_ai", { ...key, client_x509_cert_url: huge }),
    );
    expect(error.issues).toEqual([
      { path: "provider_key", message: "must be at most 32768 characters of JSON" },
    ]);
    expectNoLeak(error, [huge.slice(0, 64), ...fakePemBody(210)]);
  });

  it("rejects an extra field that has no JSON form instead of throwing", () => {
    const error = rejectionOf(() =>
      parseProviderKey("google_vertex_ai", { ...key, client_id: 10n }),
    );
    expect(error.issues).toEqual([
      { path: "provider_key", message: "must hold only JSON values (no bigint, no cycles)" },
    ]);
  });
});
