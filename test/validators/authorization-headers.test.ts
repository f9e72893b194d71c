import { generateKeyPairSync } from "node:crypto";
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/validation-error.js";
import { authorizationHeaders } from "../../src/validators/authorization-headers.js";
import { authorizeRequest } from "../../src/validators/authorize-request.js";
import { clearAccessTokenCache } from "../../src/validators/google-vertex-ai.js";
import { randomText, useMswServer } from "./helpers.js";
import { referenceSignature, signatureOf } from "./sigv4-reference.js";

const server = useMswServer();
afterEach(() => clearAccessTokenCache());

/** What `authorizeRequest()` adds to a bare request: the headers the two must agree on. */
async function headersAddedBy(
  provider: Parameters<typeof authorizeRequest>[0],
  credentials: never,
  options = {},
) {
  const authorized = await authorizeRequest(
    provider,
    new Request("https://provider.example/v1/x"),
    credentials,
    options,
  );
  return Object.fromEntries(authorized.headers);
}

describe("authorizationHeaders", () => {
  it.each([
    ["openai", `sk-${randomText(40)}`],
    ["mistral", randomText(32)],
    ["deepseek", `sk-${randomText(32)}`],
    ["xai", `xai-${randomText(60)}`],
    ["zai", `${randomText(32)}.${randomText(16)}`],
    ["anthropic", `sk-ant-api03-${randomText(93)}AA`],
  ] as const)("gives %s the headers authorizeRequest() sets", async (provider, key) => {
    const headers = await authorizationHeaders(provider, key);
    expect(headers).toEqual(await headersAddedBy(provider, key as never));
    expect(Object.values(headers).some((value) => value.includes(key))).toBe(true);
  });

  it("gives Anthropic its version header with the key, for a request built from scratch", async () => {
    const key = `sk-ant-api03-${randomText(93)}AA`;
    expect(await authorizationHeaders("anthropic", key)).toEqual({
      "anthropic-version": "2023-06-01",
      "x-api-key": key,
    });
  });

  it("gives Azure its api-key header", async () => {
    const credentials = { api_key: randomText(32), endpoint: "https://r.openai.azure.com" };
    const headers = await authorizationHeaders("azure", credentials as never);
    expect(headers).toEqual({ "api-key": credentials.api_key });
  });

  it("gives Vertex AI a bearer access token, from the same cache as authorizeRequest()", async () => {
    const tokenUri = "https://oauth2.byokit.test/token";
    let issued = 0;
    server.use(
      http.post(tokenUri, () => {
        issued++;
        return HttpResponse.json({ access_token: `ya29.token-${issued}`, expires_in: 3599 });
      }),
    );
    const key = {
      type: "service_account" as const,
      project_id: "byokit-probe",
      private_key_id: "0123456789abcdef0123456789abcdef01234567",
      private_key: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
        type: "pkcs8",
        format: "pem",
      }) as string,
      client_email: "probe@byokit-probe.iam.gserviceaccount.com",
      token_uri: tokenUri,
    };
    const custom = { network: { allowCustomHosts: true } };
    expect(await authorizationHeaders("google_vertex_ai", key, custom)).toEqual({
      authorization: "Bearer ya29.token-1",
    });
    expect(await headersAddedBy("google_vertex_ai", key as never, custom)).toEqual({
      authorization: "Bearer ya29.token-1",
    });
    expect(issued).toBe(1);
    // Google's token endpoint only, unless the caller allows another.
    await expect(authorizationHeaders("google_vertex_ai", key)).rejects.toThrow(
      /credentials\.token_uri: must be Google's token endpoint/,
    );
  });

  describe("bedrock", () => {
    const url = "https://bedrock-runtime.eu-west-3.amazonaws.com/model/m/invoke";
    const body = JSON.stringify({ messages: [{ role: "user", content: "hi" }] });
    const credentials = () => ({
      access_key_id: `ASIA${randomText(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`,
      secret_access_key: randomText(40),
      session_token: randomText(64),
    });

    it("signs the request given as values: sent as given, with them, it carries a valid SigV4", async () => {
      const aws = credentials();
      const own = { "Content-Type": "application/json", accept: "application/json" };
      const added = await authorizationHeaders("bedrock", aws, {
        region: "eu-west-3",
        request: { method: "POST", url, headers: own, body },
      });
      // Only what the signature adds; the caller's own headers are sent by the caller.
      expect(Object.keys(added).sort()).toEqual([
        "authorization",
        "x-amz-date",
        "x-amz-security-token",
      ]);
      expect(added["x-amz-security-token"]).toBe(aws.session_token);
      expect(added.authorization).toContain("/eu-west-3/bedrock/aws4_request");
      expect(added.authorization).toContain("SignedHeaders=accept;content-type;host;x-amz-date");
      const sent = new Request(url, { method: "POST", headers: { ...own, ...added }, body });
      expect(signatureOf(sent)).toBe(await referenceSignature(sent, aws.secret_access_key));
    });

    it("signs a body given as bytes like the same body as text", async () => {
      const aws = credentials();
      const bytes = new TextEncoder().encode(body);
      const added = await authorizationHeaders("bedrock", aws, {
        region: "eu-west-3",
        request: { method: "POST", url: new URL(url), body: bytes },
      });
      const sent = new Request(url, { method: "POST", headers: added, body: bytes });
      expect(signatureOf(sent)).toBe(await referenceSignature(sent, aws.secret_access_key));
    });

    it("refuses a call without the request or the region, naming what is missing", async () => {
      const aws = credentials();
      const noRequest = await authorizationHeaders("bedrock", aws, {
        region: "eu-west-3",
      } as never).catch((e: unknown) => e);
      expect(noRequest).toBeInstanceOf(ValidationError);
      expect((noRequest as ValidationError).issues.map((i) => i.path)).toEqual(["options.request"]);
      const noRegion = await authorizationHeaders("bedrock", aws, {
        request: { method: "POST", url },
      } as never).catch((e: unknown) => e);
      expect((noRegion as ValidationError).issues.map((i) => i.path)).toEqual(["options.region"]);
    });

    it("names each malformed part of the request, never echoing a value", async () => {
      const pasted = `sk-${randomText(30)}`;
      const error = await authorizationHeaders("bedrock", credentials(), {
        region: "eu-west-3",
        request: {
          method: "PO ST",
          url: "ftp://bedrock.example/",
          headers: { "X-Trace": "t1", [pasted]: 1 as never },
          body: { text: pasted } as never,
        },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([
        "options.request.method",
        "options.request.url",
        "options.request.headers",
        "options.request.body",
      ]);
      expect((error as ValidationError).issues[2]?.message).toContain("entry 2");
      expect(JSON.stringify((error as ValidationError).issues)).not.toContain(pasted);
      expect((error as Error).message).not.toContain(pasted);
    });
  });

  it("refuses an unknown provider and malformed credentials, never quoting them", async () => {
    await expect(authorizationHeaders("openia" as never, "sk-x" as never)).rejects.toThrow(
      /provider: must be one of/,
    );
    const malformed = `not a key ${randomText(20)}`;
    const error = await authorizationHeaders("openai", malformed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^credentials/);
    expect((error as Error).message).not.toContain(malformed);
  });
});
