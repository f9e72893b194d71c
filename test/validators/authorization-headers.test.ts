import { generateKeyPairSync } from "node:crypto";
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/validation-error.js";
import { authorizationHeaders } from "../../src/validators/authorization-headers.js";
import { authorizeRequest } from "../../src/validators/authorize-request.js";
import { clearAccessTokenCache } from "../../src/validators/google-vertex-ai.js";
import { randomText, useMswServer } from "./helpers.js";

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

  it("refuses Bedrock, which signs the whole request, and points to authorizeRequest()", async () => {
    const error = await authorizationHeaders("bedrock" as never, {} as never).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: "provider", message: expect.stringContaining("use authorizeRequest()") },
    ]);
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
