import { describe, expect, it } from "vitest";
import { parseProviderKey } from "../../src/providers/parse-provider-key.js";
import {
  fakeAccessKeyId,
  fakeChars,
  fakeRegionEntry,
  fakeSecretAccessKey,
  fakeServiceAccount,
} from "./fixtures.js";
import { rejectionOf } from "./rejection.js";

/** The largest `provider_key` parseProviderKey accepts, in characters of JSON. */
const MAX_JSON_TEXT = 32_768;
const TOO_LONG_JSON = "must be at most 32768 characters of JSON";

/** A service-account key file whose JSON text is exactly `length` characters long. */
function keyFileOfJsonLength(length: number, fields: Record<string, unknown> = {}) {
  const base = { ...fakeServiceAccount(600), ...fields, client_x509_cert_url: "" };
  const padding = length - JSON.stringify(base).length;
  return { ...base, client_x509_cert_url: "a".repeat(padding) };
}

describe("parseProviderKey at MAX_JSON_TEXT", () => {
  it("accepts JSON text of exactly 32768 characters and refuses one more", () => {
    const text = JSON.stringify(keyFileOfJsonLength(MAX_JSON_TEXT));
    expect(text).toHaveLength(MAX_JSON_TEXT);
    expect(parseProviderKey("google_vertex_ai", text)).toEqual(JSON.parse(text));
    const error = rejectionOf(() => parseProviderKey("google_vertex_ai", `${text} `));
    expect(error.issues).toEqual([{ path: "provider_key", message: TOO_LONG_JSON }]);
  });

  it("bounds the text it was given, not the token_uri it fills in", () => {
    const { token_uri: _, ...withoutTokenUri } = keyFileOfJsonLength(MAX_JSON_TEXT, {
      token_uri: undefined,
    });
    const text = JSON.stringify(withoutTokenUri);
    expect(text).toHaveLength(MAX_JSON_TEXT);
    expect(parseProviderKey("google_vertex_ai", text)).toEqual({
      ...withoutTokenUri,
      token_uri: "https://oauth2.googleapis.com/token",
    });
  });

  it("accepts a key file object of exactly 32768 characters of JSON and refuses one more", () => {
    const largest = keyFileOfJsonLength(MAX_JSON_TEXT);
    expect(parseProviderKey("google_vertex_ai", largest)).toEqual(largest);
    const error = rejectionOf(() =>
      parseProviderKey("google_vertex_ai", keyFileOfJsonLength(MAX_JSON_TEXT + 1)),
    );
    expect(error.issues).toEqual([{ path: "provider_key", message: TOO_LONG_JSON }]);
  });
});

describe("bedrock at its limits", () => {
  const regions = (count: number) =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`us-east-${i + 1}`, entry]));
  const entry = fakeRegionEntry(610);

  it("accepts exactly 64 regions and refuses 65", () => {
    expect(parseProviderKey("bedrock", regions(64))).toEqual(regions(64));
    const error = rejectionOf(() => parseProviderKey("bedrock", regions(65)));
    expect(error.issues).toEqual([
      { path: "provider_key", message: "must hold at most 64 regions" },
    ]);
  });

  const withToken = (session_token: string) => ({
    "us-east-1": {
      access_key_id: fakeAccessKeyId(611, "ASIA"),
      secret_access_key: fakeSecretAccessKey(611),
      session_token,
    },
  });
  it.each([16, 8192])("accepts a session token of %i characters", (length) => {
    const credentials = withToken(fakeChars(length, 612));
    expect(parseProviderKey("bedrock", credentials)).toEqual(credentials);
  });

  it.each([
    [15, "must be at least 16 characters"],
    [8193, "must be at most 8192 characters"],
  ])("refuses a session token of %i characters: %s", (length, message) => {
    const error = rejectionOf(() => parseProviderKey("bedrock", withToken(fakeChars(length, 613))));
    expect(error.issues).toEqual([{ path: "provider_key.us-east-1.session_token", message }]);
  });
});

describe("google_vertex_ai field lengths", () => {
  const key = fakeServiceAccount(620);
  const domain = "@fake-project-123.iam.gserviceaccount.com";
  const email = (length: number) => `${"c".repeat(length - domain.length)}${domain}`;

  it.each([
    ["project_id", "a".repeat(100)],
    ["private_key_id", "b".repeat(100)],
    ["client_email", email(320)],
  ])("accepts a %s of the largest length", (field, value) => {
    const input = { ...key, [field]: value };
    expect(parseProviderKey("google_vertex_ai", input)).toEqual(input);
  });

  it.each([
    ["project_id", "must be at most 100 characters", "a".repeat(101)],
    ["private_key_id", "must be at most 100 characters", "b".repeat(101)],
    ["client_email", "must be at most 320 characters", email(321)],
  ])("refuses a %s one character longer: %s", (field, message, value) => {
    const error = rejectionOf(() =>
      parseProviderKey("google_vertex_ai", { ...key, [field]: value }),
    );
    expect(error.issues).toEqual([{ path: `provider_key.${field}`, message }]);
  });
});
