import { describe, expect, it } from "vitest";
import { PROVIDER_IDS } from "../../src/providers/ids.js";
import { parseProviderKey } from "../../src/providers/parse-provider-key.js";
import { providers } from "../../src/providers/registry.js";
import { leakedWindow, windowsOf } from "../masking/leaks.js";
import {
  API_KEY_PROVIDERS,
  fakeApiKeys,
  fakeAzure,
  fakeChars,
  fakePemBody,
  fakeRegionEntry,
  fakeServiceAccount,
  fakeTemporaryRegionEntry,
} from "./fixtures.js";

describe("providers registry", () => {
  it.each([
    ["anthropic", "Anthropic", "api_key"],
    ["openai", "OpenAI", "api_key"],
    ["google_vertex_ai", "Google Vertex AI", "service_account"],
    ["mistral", "Mistral", "api_key"],
    ["deepseek", "DeepSeek", "api_key"],
    ["xai", "xAI", "api_key"],
    ["zai", "zAI", "api_key"],
    ["bedrock", "AWS Bedrock", "aws_iam"],
    ["azure", "Azure OpenAI", "azure"],
  ] as const)("describes %s as %s with %s credentials", (id, label, kind) => {
    expect(providers[id]).toMatchObject({ id, label, credentialKind: kind });
  });

  it("holds exactly the nine provider ids of DESIGN.md", () => {
    expect(Object.keys(providers).sort()).toEqual([...PROVIDER_IDS].sort());
    expect(PROVIDER_IDS).toHaveLength(9);
  });
});

describe("API-key previews", () => {
  it.each([
    ["anthropic", "sk-ant-api03-"],
    ["openai", "sk-proj-"],
    ["xai", "xai-"],
    ["deepseek", "sk-"],
    ["mistral", ""],
    ["zai", ""],
  ] as const)("shows %s keys as <%s>...<last 4>", (provider, prefix) => {
    const key = fakeApiKeys[provider];
    expect(providers[provider].preview(key)).toEqual({
      type: "api_key",
      key: `${prefix}...${key.slice(-4)}`,
    });
  });

  it.each(API_KEY_PROVIDERS)("shows no 5 characters in a row of a %s key's body", (provider) => {
    const key = fakeApiKeys[provider];
    const body = key.replace(/^(sk-ant-api03-|sk-proj-|xai-|sk-)/, "");
    const shown = JSON.stringify(providers[provider].preview(key));
    expect(windowsOf(body, 5).filter((window) => shown.includes(window))).toEqual([]);
    expect(providers[provider].secretsOf(key)).toEqual([key]);
  });
});

describe("bedrock preview", () => {
  const credentials = {
    global: fakeRegionEntry(500),
    "us-east-1": fakeTemporaryRegionEntry(501),
    "eu-west-3": fakeRegionEntry(502),
  };

  it("lists regions in order with `global` last, masked key ids and session-token flags", () => {
    const [global, usEast, euWest] = [
      credentials.global,
      credentials["us-east-1"],
      credentials["eu-west-3"],
    ];
    expect(providers.bedrock.preview(credentials)).toEqual({
      type: "aws_iam",
      regions: [
        {
          region: "eu-west-3",
          access_key_id: `AKIA...${euWest.access_key_id.slice(-4)}`,
          session_token: false,
        },
        {
          region: "us-east-1",
          access_key_id: `ASIA...${usEast.access_key_id.slice(-4)}`,
          session_token: true,
        },
        {
          region: "global",
          access_key_id: `AKIA...${global.access_key_id.slice(-4)}`,
          session_token: false,
        },
      ],
    });
  });

  it.each([
    [["us-east-1", "global", "eu-west-3", "ap-south-1"]],
    [["global", "us-west-2", "ca-central-1", "af-south-1", "eu-central-1"]],
    [["sa-east-1", "me-south-1", "il-central-1", "global", "cn-north-1", "ap-east-1"]],
  ])("lists the regions of %j alphabetically, `global` last", (regions) => {
    const unordered = Object.fromEntries(
      regions.map((region, seed) => [region, fakeRegionEntry(530 + seed)]),
    );
    const sorted = [...regions.filter((region) => region !== "global").sort(), "global"];
    expect(providers.bedrock.preview(unordered)).toEqual({
      type: "aws_iam",
      regions: sorted.map((region) => expect.objectContaining({ region })),
    });
  });

  it("shows nothing of any secret access key or session token", () => {
    const shown = JSON.stringify(providers.bedrock.preview(credentials));
    for (const entry of Object.values(credentials)) {
      expect(leakedWindow(shown, entry.secret_access_key)).toBeUndefined();
      expect(shown).not.toContain(entry.secret_access_key.slice(-4));
      if (entry.session_token) {
        expect(leakedWindow(shown, entry.session_token)).toBeUndefined();
        expect(shown).not.toContain(entry.session_token.slice(-4));
      }
    }
  });

  it("lists every key id, secret and session token as secrets to redact", () => {
    const secrets = providers.bedrock.secretsOf(credentials);
    for (const entry of Object.values(credentials)) {
      expect(secrets).toContain(entry.access_key_id);
      expect(secrets).toContain(entry.secret_access_key);
      if (entry.session_token) expect(secrets).toContain(entry.session_token);
    }
    expect(secrets).toHaveLength(7);
  });
});

describe("google_vertex_ai preview", () => {
  const key = fakeServiceAccount(510);

  it("shows project, email and the first 8 characters of the key id", () => {
    expect(providers.google_vertex_ai.preview(key)).toEqual({
      type: "service_account",
      project_id: "fake-project-123",
      client_email: "byokit-test@fake-project-123.iam.gserviceaccount.com",
      private_key_id: key.private_key_id.slice(0, 8),
    });
  });

  it("shows nothing of the private key", () => {
    const shown = JSON.stringify(providers.google_vertex_ai.preview(key));
    for (const line of fakePemBody(510)) expect(leakedWindow(shown, line)).toBeUndefined();
    expect(shown).not.toContain("PRIVATE KEY");
  });

  it("lists the PEM and each of its body lines, escaped or not, as secrets to redact", () => {
    expect(providers.google_vertex_ai.secretsOf(key)).toEqual([
      key.private_key,
      ...fakePemBody(510),
    ]);
    const escaped = { ...key, private_key: key.private_key.replace(/\n/g, "\\n") };
    expect(providers.google_vertex_ai.secretsOf(escaped).slice(1)).toEqual(fakePemBody(510));
  });

  it("lists a last body line of 6 characters, the shortest a leak check matches", () => {
    const [first, ...rest] = fakePemBody(511);
    const last = fakeChars(6, 511, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    const pem = `-----BEGIN PRIVATE KEY-----\n${first}\n${rest.join("\n")}\n${last}\n-----END PRIVATE KEY-----\n`;
    expect(providers.google_vertex_ai.secretsOf({ ...key, private_key: pem })).toEqual([
      pem,
      first,
      ...rest,
      last,
    ]);
  });

  it("lists a body line that runs into the END line, which is still secret", () => {
    const body = fakePemBody(512);
    const pem = `-----BEGIN PRIVATE KEY-----\n${body.join("\n")}-----END PRIVATE KEY-----\n`;
    expect(providers.google_vertex_ai.secretsOf({ ...key, private_key: pem })).toEqual([
      pem,
      ...body.slice(0, -1),
      `${body.at(-1)}-----END PRIVATE KEY-----`,
    ]);
  });

  it("previews what parseProviderKey returned from JSON text", () => {
    const parsed = parseProviderKey("google_vertex_ai", JSON.stringify(key));
    expect(providers.google_vertex_ai.preview(parsed)).toMatchObject({
      private_key_id: key.private_key_id.slice(0, 8),
    });
  });
});

describe("azure preview", () => {
  it("shows the endpoint and ...<last 4> of the key", () => {
    const credentials = fakeAzure(520);
    expect(providers.azure.preview(credentials)).toEqual({
      type: "azure",
      endpoint: "https://fake-resource.openai.azure.com",
      key: `...${credentials.api_key.slice(-4)}`,
    });
    expect(providers.azure.secretsOf(credentials)).toEqual([credentials.api_key]);
  });
});
