import { describe, expect, it } from "vitest";
import { bedrock } from "../../src/providers/bedrock.js";
import { parseProviderKey } from "../../src/providers/parse-provider-key.js";
import { providers } from "../../src/providers/registry.js";
import { expectNoLeak } from "../masking/leaks.js";
import {
  fakeAccessKeyId,
  fakeRegionEntry,
  fakeSecretAccessKey,
  fakeSessionToken,
  fakeTemporaryRegionEntry,
} from "./fixtures.js";
import { issueAt, rejectionOf } from "./rejection.js";

const entry = fakeRegionEntry(100);
const secretsOfEntry = [entry.access_key_id, entry.secret_access_key];

describe("bedrock provider_key schema", () => {
  it("is the schema of the registry's bedrock entry", () => {
    expect(providers.bedrock).toBe(bedrock);
    expect(bedrock.schema.safeParse({ "us-east-1": entry }).success).toBe(true);
  });

  it("accepts a region map as an object and as its JSON text, unchanged", () => {
    const credentials = { "eu-west-3": entry, global: fakeTemporaryRegionEntry(101) };
    expect(parseProviderKey("bedrock", credentials)).toEqual(credentials);
    expect(parseProviderKey("bedrock", JSON.stringify(credentials))).toEqual(credentials);
  });

  it.each([
    "us-east-1",
    "eu-west-3",
    "ap-southeast-2",
    "il-central-1",
    "mx-central-1",
    "us-gov-west-1",
    "us-iso-east-1",
    "us-isob-east-1",
    "us-isof-south-1",
    "eu-isoe-west-1",
    "eusc-de-east-1",
    "cn-north-1",
    "cn-northwest-1",
    "global",
  ])("accepts the region key %s", (region) => {
    expect(parseProviderKey("bedrock", { [region]: entry })).toEqual({ [region]: entry });
  });

  it("accepts a temporary ASIA key id with its session token", () => {
    const temporary = fakeTemporaryRegionEntry(102);
    expect(parseProviderKey("bedrock", { "us-east-1": temporary })).toEqual({
      "us-east-1": temporary,
    });
  });

  it.each([
    ["US-EAST-1", "provider_key.US-EAST-1"],
    ["us-east", "provider_key.us-east"],
    ["mars-1", "provider_key.mars-1"],
    ["us-east-1 ", "provider_key.<key>"],
    ["Global", "provider_key.Global"],
  ])("rejects the region key %j, naming it and what a region key must be", (region, path) => {
    const error = rejectionOf(() => parseProviderKey("bedrock", { [region]: entry }));
    expect(issueAt(error, path).message).toBe(
      'must be an AWS region code (such as eu-west-3) or "global"',
    );
    expectNoLeak(error, secretsOfEntry);
  });

  it("rejects an ASIA key id without a session token at the session_token field", () => {
    const { access_key_id, secret_access_key } = fakeTemporaryRegionEntry(103);
    const error = rejectionOf(() =>
      parseProviderKey("bedrock", { "us-east-1": { access_key_id, secret_access_key } }),
    );
    expect(error.issues).toEqual([
      {
        path: "provider_key.us-east-1.session_token",
        message: "is required with a temporary (ASIA…) access key id",
      },
    ]);
    expectNoLeak(error, [access_key_id, secret_access_key]);
  });

  const secret = fakeSecretAccessKey(104);
  const keyId = fakeAccessKeyId(104);
  it.each<[string, unknown, string, RegExp]>([
    ["a number", 42, "provider_key", /must be an object keyed by AWS region code or "global"/],
    ["null", null, "provider_key", /must be an object keyed by AWS region code/],
    ["an array", [entry], "provider_key", /must be an object keyed by AWS region code/],
    ["an empty map", {}, "provider_key", /must hold at least one region/],
    [
      "a region that is not an object",
      { "us-east-1": keyId },
      "provider_key.us-east-1",
      /must be \{ access_key_id, secret_access_key, session_token\? \}/,
    ],
    [
      "nested garbage",
      { "us-east-1": [[[{ secret }]]] },
      "provider_key.us-east-1",
      /must be \{ access_key_id, secret_access_key, session_token\? \}/,
    ],
    [
      "a lowercase access key id",
      { "us-east-1": { access_key_id: keyId.toLowerCase(), secret_access_key: secret } },
      "provider_key.us-east-1.access_key_id",
      /must be an AWS access key id \(AKIA… or ASIA…, 20 characters\)/,
    ],
    [
      "an access key id that is a number",
      { "us-east-1": { access_key_id: 12345, secret_access_key: secret } },
      "provider_key.us-east-1.access_key_id",
      /must be an AWS access key id, a string/,
    ],
    [
      "a short secret access key",
      { "us-east-1": { access_key_id: keyId, secret_access_key: secret.slice(0, 10) } },
      "provider_key.us-east-1.secret_access_key",
      /must be at least 16 characters/,
    ],
    [
      "a secret access key of 1 MB",
      { "us-east-1": { access_key_id: keyId, secret_access_key: secret.repeat(26_215) } },
      "provider_key.us-east-1.secret_access_key",
      /must be at most 128 characters/,
    ],
    [
      "a secret access key with a line break",
      { "us-east-1": { access_key_id: keyId, secret_access_key: `${secret}\n` } },
      "provider_key.us-east-1.secret_access_key",
      /must be printable ASCII with no spaces/,
    ],
    [
      "a missing secret access key",
      { "us-east-1": { access_key_id: keyId } },
      "provider_key.us-east-1.secret_access_key",
      /must be the AWS secret access key, a string/,
    ],
    [
      "a session token that is not a string",
      { "us-east-1": { access_key_id: keyId, secret_access_key: secret, session_token: true } },
      "provider_key.us-east-1.session_token",
      /must be the session token, a string/,
    ],
    [
      "an access key id with a character before it",
      { "us-east-1": { access_key_id: `X${keyId}`, secret_access_key: secret } },
      "provider_key.us-east-1.access_key_id",
      /^must be an AWS access key id \(AKIA… or ASIA…, 20 characters\)$/,
    ],
    [
      "an access key id with a character after it",
      { "us-east-1": { access_key_id: `${keyId}X`, secret_access_key: secret } },
      "provider_key.us-east-1.access_key_id",
      /^must be an AWS access key id \(AKIA… or ASIA…, 20 characters\)$/,
    ],
    [
      "a secret access key with a leading space",
      { "us-east-1": { access_key_id: keyId, secret_access_key: ` ${secret}` } },
      "provider_key.us-east-1.secret_access_key",
      /^must be printable ASCII with no spaces$/,
    ],
    [
      "a session token with a leading space",
      {
        "us-east-1": {
          access_key_id: keyId,
          secret_access_key: secret,
          session_token: ` ${fakeSessionToken(108)}`,
        },
      },
      "provider_key.us-east-1.session_token",
      /^must be printable ASCII with no spaces$/,
    ],
    [
      "a session token with a trailing line break",
      {
        "us-east-1": {
          access_key_id: keyId,
          secret_access_key: secret,
          session_token: `${fakeSessionToken(109)}\n`,
        },
      },
      "provider_key.us-east-1.session_token",
      /^must be printable ASCII with no spaces$/,
    ],
    [
      "an unknown field in a region",
      { "us-east-1": { access_key_id: keyId, secret_access_key: secret, region_name: "x" } },
      "provider_key.us-east-1",
      /has unknown field region_name/,
    ],
  ])("rejects %s, naming the field and what it expects", (_, input, path, message) => {
    const error = rejectionOf(() => parseProviderKey("bedrock", input));
    expect(issueAt(error, path).message).toMatch(message);
    expectNoLeak(error, [secret, keyId, entry.secret_access_key, entry.access_key_id]);
  });

  it("rejects more than 64 regions", () => {
    const map = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`us-east-${i}`, entry]));
    const error = rejectionOf(() => parseProviderKey("bedrock", map));
    expect(issueAt(error, "provider_key").message).toBe("must hold at most 64 regions");
  });

  it("names every bad field of every region at once", () => {
    const error = rejectionOf(() =>
      parseProviderKey("bedrock", {
        "eu-west-3": { access_key_id: "nope", secret_access_key: secret },
        "mars-1": entry,
        global: { access_key_id: keyId, secret_access_key: 7 },
      }),
    );
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      "provider_key.eu-west-3.access_key_id",
      "provider_key.global.secret_access_key",
      "provider_key.mars-1",
    ]);
  });

  it.each([
    ["__proto__", '{"__proto__":{"access_key_id":"AKIA"}}', "provider_key"],
    ["constructor", '{"constructor":{"access_key_id":"AKIA"}}', "provider_key"],
    [
      "a nested __proto__",
      `{"us-east-1":{"access_key_id":"${keyId}","secret_access_key":"${secret}","__proto__":{}}}`,
      "provider_key.us-east-1",
    ],
  ])("rejects JSON text holding %s as its own key", (_, text, path) => {
    const error = rejectionOf(() => parseProviderKey("bedrock", text));
    expect(issueAt(error, path).message).toMatch(
      /^must not contain the key (__proto__|constructor)$/,
    );
    expectNoLeak(error, [secret, keyId]);
  });

  it("rejects JSON text that is not JSON without quoting it", () => {
    const text = `{"us-east-1":{"access_key_id":"${keyId}","secret_access_key":"${secret}"`;
    const error = rejectionOf(() => parseProviderKey("bedrock", text));
    expect(error.issues).toEqual([
      {
        path: "provider_key",
        message: "must be a JSON object or its JSON text; the text is not valid JSON",
      },
    ]);
    expectNoLeak(error, [secret, keyId]);
  });

  it("rejects JSON text of 1 MB before parsing it", () => {
    const text = JSON.stringify({ "us-east-1": { ...entry, session_token: "A".repeat(1 << 20) } });
    const error = rejectionOf(() => parseProviderKey("bedrock", text));
    expect(error.issues).toEqual([
      { path: "provider_key", message: "must be at most 32768 characters of JSON" },
    ]);
    expectNoLeak(error, secretsOfEntry);
  });
});

describe("bedrock update schema", () => {
  it("accepts a region without its secret access key, to keep the stored one", () => {
    const update = { "us-east-1": { access_key_id: entry.access_key_id } };
    expect(parseProviderKey("bedrock", update, { mode: "update" })).toEqual(update);
    expect(bedrock.updateSchema.safeParse(update).success).toBe(true);
  });

  it("accepts a region sent as {} to keep its stored entry whole", () => {
    const update = { "us-east-1": {}, "eu-west-3": entry };
    expect(parseProviderKey("bedrock", update, { mode: "update" })).toEqual(update);
  });

  it("says what a region must be on update when it is not an object", () => {
    const error = rejectionOf(() =>
      parseProviderKey("bedrock", { "us-east-1": entry.access_key_id }, { mode: "update" }),
    );
    expect(error.issues).toEqual([
      {
        path: "provider_key.us-east-1",
        message: "must be { access_key_id?, secret_access_key?, session_token? }",
      },
    ]);
    expectNoLeak(error, secretsOfEntry);
  });

  it("still requires the secret when creating", () => {
    const update = { "us-east-1": { access_key_id: entry.access_key_id } };
    const error = rejectionOf(() => parseProviderKey("bedrock", update));
    issueAt(error, "provider_key.us-east-1.secret_access_key");
  });

  it("still checks region keys, key ids and the ASIA session token on update", () => {
    const error = rejectionOf(() =>
      parseProviderKey(
        "bedrock",
        {
          "mars-1": { access_key_id: entry.access_key_id },
          "us-east-1": { access_key_id: fakeAccessKeyId(105, "ASIA") },
          global: { access_key_id: "AKIA", secret_access_key: fakeSecretAccessKey(106) },
        },
        { mode: "update" },
      ),
    );
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      "provider_key.global.access_key_id",
      "provider_key.mars-1",
      "provider_key.us-east-1.session_token",
    ]);
  });

  it("accepts a session token on update without the secret access key", () => {
    const update = {
      global: { access_key_id: fakeAccessKeyId(107, "ASIA"), session_token: fakeSessionToken(107) },
    };
    expect(parseProviderKey("bedrock", JSON.stringify(update), { mode: "update" })).toEqual(update);
  });
});
