/**
 * Masking and the secret rules in Chromium: the maskSecret suite as in Node, then redaction,
 * validation errors and credential tests checked for any 6-character window of a secret.
 */
import "../masking/mask-secret.test.js";
import { describe, expect, it } from "vitest";
import { createClient } from "../../src/client/create-client.js";
import { ValidationError } from "../../src/errors/validation-error.js";
import { REDACTED, redactKnownSecrets, redactSecrets } from "../../src/masking/redact.js";
import { parseProviderKey } from "../../src/providers/parse-provider-key.js";
import { parseCreateInput } from "../../src/schemas/provider-key-input.js";
import { testCredentials } from "../../src/validators/test-credentials.js";
import {
  fakeChars,
  fakeOpenAiKey,
  fakeRegionEntry,
  fakeSecretAccessKey,
  fakeServiceAccount,
} from "../providers/fixtures.js";

/** The first 6-character window of `secret` that `text` shows, or `undefined`. */
function leakedWindow(text: string, secret: string): string | undefined {
  for (let start = 0; start + 6 <= secret.length; start++) {
    const window = secret.slice(start, start + 6);
    if (text.includes(window)) return window;
  }
  return undefined;
}

/** What a browser app could show of an error: its string, JSON, message, issues and stack. */
function shownBy(error: unknown): string {
  const parts = [String(error), JSON.stringify(error)];
  if (error instanceof Error) parts.push(error.message, error.stack ?? "");
  if (error instanceof ValidationError) parts.push(JSON.stringify(error.issues));
  return parts
    .join("\n")
    .split("\n")
    .filter((line) => !/^\s+at |@http/.test(line))
    .join("\n");
}

function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new TypeError("expected a throw");
}

describe("redaction in Chromium", () => {
  it("removes every fragment of a secret a provider echoed back", () => {
    const secret = `sk-proj-${fakeChars(40, 900)}`;
    const echoed = `Incorrect API key provided: ${secret.slice(0, 14)}…${secret.slice(-10)}.`;
    const redacted = redactSecrets(echoed, [secret]);
    expect(redacted).toContain(REDACTED);
    expect(redacted.startsWith("Incorrect API key provided: ")).toBe(true);
    expect(leakedWindow(redacted, secret)).toBeUndefined();
  });

  it("removes well-known key shapes it was not told about", () => {
    const key = `sk-ant-api03-${fakeChars(93, 901)}AA`;
    expect(redactKnownSecrets(`bad key ${key} here`)).toBe(`bad key ${REDACTED} here`);
  });
});

describe("validation errors in Chromium", () => {
  it("name the field of a malformed Bedrock secret without showing it", () => {
    const entry = {
      ...fakeRegionEntry(902),
      secret_access_key: `${fakeSecretAccessKey(903)}\u00e9`,
    };
    const error = thrownBy(() => parseProviderKey("bedrock", { "eu-west-3": entry }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toContain(
      "provider_key.eu-west-3.secret_access_key",
    );
    expect(leakedWindow(shownBy(error), entry.secret_access_key)).toBeUndefined();
  });

  it("name a service account with a broken email without showing its private key", () => {
    const account = { ...fakeServiceAccount(904), client_email: "not-an-email" };
    const error = thrownBy(() =>
      parseCreateInput({ provider: "google_vertex_ai", name: "Vertex", provider_key: account }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    const shown = shownBy(error);
    expect(shown).toContain("client_email");
    const pemBody = account.private_key.split("\n").slice(1, -2).join("");
    expect(leakedWindow(shown, pemBody)).toBeUndefined();
  });

  it("stop the client before it sends anything, without showing the secret", async () => {
    const sent: Request[] = [];
    const client = createClient({
      organizationId: "org_1",
      token: "console_token_FAKE",
      baseUrl: "http://byokit.invalid",
      fetch: async (input, init) => {
        sent.push(new Request(input, init));
        return Response.json({});
      },
    });
    const secret = `${fakeOpenAiKey(905)}\u0000`;
    const failure = await client.providerKeys
      .create({ provider: "openai", name: "", provider_key: secret })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationError);
    expect(sent).toEqual([]);
    expect(leakedWindow(shownBy(failure), secret)).toBeUndefined();
  });
});

describe("credential tests in Chromium", () => {
  it("never repeat the key a provider echoes in its error body", async () => {
    const secret = fakeOpenAiKey(906);
    const sent: Request[] = [];
    const result = await testCredentials("openai", secret, {
      fetch: async (input, init) => {
        const request = new Request(input, init);
        sent.push(request);
        return Response.json(
          { error: { message: `Incorrect API key provided: ${secret}`, type: "invalid_api_key" } },
          { status: 401 },
        );
      },
    });
    expect(sent.map((request) => request.headers.get("authorization"))).toEqual([
      `Bearer ${secret}`,
    ]);
    expect(result).toMatchObject({ ok: false, status: "invalid_credentials", http_status: 401 });
    expect(leakedWindow(JSON.stringify(result), secret)).toBeUndefined();
  });
});
