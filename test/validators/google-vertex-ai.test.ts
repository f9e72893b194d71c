import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { jwtVerify } from "jose";
import { delay, HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import type { ServiceAccountKey } from "../../src/providers/credentials.js";
import { probeVertex } from "../../src/validators/google-vertex-ai.js";
import { testCredentials } from "../../src/validators/test-credentials.js";
import { expectNoFragmentOf, randomText, recordingFetch, useMswServer } from "./helpers.js";

const server = useMswServer();

const GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
const CUSTOM_TOKEN_URI = "https://oauth2.byokit.test/token";
const SCOPE = "https://www.googleapis.com/auth/cloud-platform";
const ENDPOINTS =
  "https://us-central1-aiplatform.googleapis.com/v1/projects/byokit-probe/locations/us-central1/endpoints";

function rsaKey(): { pem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { pem: privateKey.export({ type: "pkcs8", format: "pem" }) as string, publicKey };
}

// A fresh key pair per run: the fake token endpoint trusts only its public half.
const trusted = rsaKey();

function serviceAccount(overrides: Partial<ServiceAccountKey> = {}): ServiceAccountKey {
  return {
    type: "service_account",
    project_id: "byokit-probe",
    private_key_id: randomText(40, "0123456789abcdef"),
    private_key: trusted.pem,
    client_email: "probe@byokit-probe.iam.gserviceaccount.com",
    client_id: "1234567890",
    token_uri: GOOGLE_TOKEN_URI,
    ...overrides,
  };
}

interface Issued {
  readonly kid: string | undefined;
  readonly claims: Record<string, unknown>;
}

/**
 * Google's token endpoint as far as a credential test can tell: it verifies the assertion's
 * RS256 signature against the trusted public key and checks iss, aud, scope, iat/exp and
 * (when present) kid before issuing a token.
 */
function tokenEndpoint(
  uri: string,
  key: ServiceAccountKey,
  issued: Issued[] = [],
  expiresIn = 3599,
) {
  return http.post(uri, async ({ request }) => {
    expect(request.headers.get("content-type")).toContain("application/x-www-form-urlencoded");
    const form = new URLSearchParams(await request.text());
    expect(form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    const assertion = form.get("assertion") ?? "";
    try {
      const { payload, protectedHeader } = await jwtVerify(assertion, trusted.publicKey, {
        algorithms: ["RS256"],
        issuer: key.client_email,
        audience: uri,
        requiredClaims: ["iat", "exp"],
      });
      if (payload.scope !== SCOPE) throw new Error("scope");
      if (protectedHeader.kid !== undefined && protectedHeader.kid !== key.private_key_id)
        throw new Error("kid");
      issued.push({ kid: protectedHeader.kid, claims: payload });
    } catch {
      return HttpResponse.json(
        { error: "invalid_grant", error_description: "Invalid JWT Signature." },
        { status: 400 },
      );
    }
    return HttpResponse.json({
      access_token: `ya29.${randomText(60)}`,
      expires_in: expiresIn,
      token_type: "Bearer",
    });
  });
}

function endpointsAnswer(answer: Parameters<typeof http.get>[1]) {
  return http.get(ENDPOINTS, answer);
}

const listed = () => HttpResponse.json({ endpoints: [] });

describe("google_vertex_ai", () => {
  it("gets a token through the injected fetch and lists the project's endpoints", async () => {
    const key = serviceAccount();
    const issued: Issued[] = [];
    let authorization: string | null = null;
    server.use(
      tokenEndpoint(GOOGLE_TOKEN_URI, key, issued),
      http.get(ENDPOINTS, ({ request }) => {
        authorization = request.headers.get("authorization");
        return listed();
      }),
    );
    const { fetch, sent } = recordingFetch();
    const result = await testCredentials("google_vertex_ai", JSON.stringify(key), { fetch });
    expect(result).toMatchObject({ ok: true, status: "valid", http_status: 200 });
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST ${GOOGLE_TOKEN_URI}`,
      `GET ${ENDPOINTS}`,
    ]);
    expect(issued).toHaveLength(1);
    expect(issued[0]?.claims).toMatchObject({
      iss: key.client_email,
      aud: GOOGLE_TOKEN_URI,
      scope: SCOPE,
    });
    expect(authorization).toMatch(/^Bearer ya29\./);
    expectNoFragmentOf(result, key.private_key);
  });

  it("refuses a token_uri that is not Google's by default, sending nothing", async () => {
    const key = serviceAccount({ token_uri: CUSTOM_TOKEN_URI });
    const { fetch, sent } = recordingFetch();
    const result = await testCredentials("google_vertex_ai", key, { fetch });
    expect(result).toMatchObject({ ok: false, status: "network_error" });
    expect(result.message).toContain("byokit did not send the key to oauth2.byokit.test");
    expect(result.message).toContain("the key was not checked");
    expect(result.message).toContain("allowCustomHosts");
    expect(sent).toHaveLength(0);
  });

  it("asks Google's current token endpoint for a key file naming the legacy one", async () => {
    const key = serviceAccount({ token_uri: "https://accounts.google.com/o/oauth2/token" });
    const issued: Issued[] = [];
    server.use(tokenEndpoint(GOOGLE_TOKEN_URI, key, issued), endpointsAnswer(listed));
    const { fetch, sent } = recordingFetch();
    const result = await testCredentials("google_vertex_ai", key, { fetch });
    expect(result).toMatchObject({ ok: true, status: "valid" });
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST ${GOOGLE_TOKEN_URI}`,
      `GET ${ENDPOINTS}`,
    ]);
    expect(issued[0]?.claims.aud).toBe(GOOGLE_TOKEN_URI);
  });

  it("signs with jose (the browser path) for a custom token_uri, with kid and that audience", async () => {
    const key = serviceAccount({ token_uri: CUSTOM_TOKEN_URI });
    const issued: Issued[] = [];
    server.use(tokenEndpoint(CUSTOM_TOKEN_URI, key, issued), endpointsAnswer(listed));
    const { fetch, sent } = recordingFetch();
    const result = await testCredentials("google_vertex_ai", key, {
      fetch,
      network: { allowCustomHosts: true },
    });
    expect(result.status).toBe("valid");
    expect(sent[0]?.url).toBe(CUSTOM_TOKEN_URI);
    expect(issued[0]?.kid).toBe(key.private_key_id);
    const exp = issued[0]?.claims.exp as number;
    const iat = issued[0]?.claims.iat as number;
    expect(exp - iat).toBe(3600);
  });

  it("runs the browser signer against Google's token endpoint too", async () => {
    const key = serviceAccount();
    const issued: Issued[] = [];
    server.use(tokenEndpoint(GOOGLE_TOKEN_URI, key, issued), endpointsAnswer(listed));
    const controller = new AbortController();
    const result = await probeVertex(
      key,
      {
        fetch: globalThis.fetch,
        signal: controller.signal,
        timeoutMs: 1000,
        bedrockGlobalRegion: "us-east-1",
        vertexLocation: "us-central1",
        network: {},
      },
      "jose",
    );
    expect(result.status).toBe("valid");
    expect(issued[0]?.kid).toBe(key.private_key_id);
  });

  it("answers invalid_credentials, naming a deleted or rotated key, when Google rejects the signature", async () => {
    // Same key id, different private key: what a rotated key looks like to Google.
    const key = serviceAccount({ private_key: rsaKey().pem });
    server.use(tokenEndpoint(GOOGLE_TOKEN_URI, key));
    for (const signer of ["auto", "jose"] as const) {
      const result =
        signer === "auto"
          ? await testCredentials("google_vertex_ai", key)
          : await probeVertex(
              key,
              {
                fetch: globalThis.fetch,
                signal: new AbortController().signal,
                timeoutMs: 1000,
                bedrockGlobalRegion: "us-east-1",
                vertexLocation: "us-central1",
                network: {},
              },
              signer,
            );
      expect(result).toMatchObject({ status: "invalid_credentials", http_status: 400 });
      expect(result.message).toMatch(/deleted or rotated/);
    }
  });

  const tokenFailures = [
    {
      name: "a skewed clock",
      answer: {
        error: "invalid_grant",
        error_description:
          "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.",
      },
      status: 400,
      expected: "invalid_credentials",
      says: /clock/,
    },
    {
      name: "a deleted account",
      answer: { error: "invalid_grant", error_description: "Invalid grant: account not found" },
      status: 400,
      expected: "invalid_credentials",
      says: /client_email/,
    },
    {
      name: "a disabled account",
      answer: { error: "invalid_client", error_description: "The OAuth client was disabled." },
      status: 401,
      expected: "invalid_credentials",
      says: /enabled/,
    },
    {
      name: "a policy refusal",
      answer: { error: "unauthorized_client", error_description: "Client is unauthorized." },
      status: 401,
      expected: "permission_denied",
      says: /unauthorized_client/,
    },
    {
      name: "a token server error",
      answer: { error: "internal_failure" },
      status: 503,
      expected: "unexpected_response",
      says: /server error/,
    },
    {
      name: "a 200 without a token",
      answer: { token_type: "Bearer" },
      status: 200,
      expected: "unexpected_response",
      says: /without an access token/,
    },
  ] as const;

  it.each(tokenFailures)(
    "classifies the token endpoint's answer to $name as $expected",
    async ({ answer, status, expected, says }) => {
      server.use(http.post(GOOGLE_TOKEN_URI, () => HttpResponse.json(answer, { status })));
      const result = await testCredentials("google_vertex_ai", serviceAccount());
      expect(result).toMatchObject({ ok: false, status: expected, http_status: status });
      expect(result.message).toMatch(says);
    },
  );

  it("answers unexpected_response when the token endpoint sends a malformed or empty body", async () => {
    for (const body of ["<html>", null]) {
      server.use(http.post(GOOGLE_TOKEN_URI, () => new HttpResponse(body, { status: 200 })));
      const result = await testCredentials("google_vertex_ai", serviceAccount());
      expect(result.status).toBe("unexpected_response");
    }
  });

  const endpointFailures = [
    {
      name: "the Vertex AI API disabled",
      answer: () =>
        HttpResponse.json(
          {
            error: {
              code: 403,
              message:
                "Vertex AI API has not been used in project byokit-probe before or it is disabled.",
              status: "PERMISSION_DENIED",
              details: [
                {
                  "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                  reason: "SERVICE_DISABLED",
                  domain: "googleapis.com",
                },
              ],
            },
          },
          { status: 403 },
        ),
      expected: "permission_denied",
      says: /SERVICE_DISABLED.*enable aiplatform\.googleapis\.com/,
    },
    {
      name: "a missing IAM role",
      answer: () =>
        HttpResponse.json(
          {
            error: {
              code: 403,
              message: "Permission 'aiplatform.endpoints.list' denied on resource",
              status: "PERMISSION_DENIED",
              details: [
                {
                  "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                  reason: "IAM_PERMISSION_DENIED",
                  domain: "aiplatform.googleapis.com",
                },
              ],
            },
          },
          { status: 403 },
        ),
      expected: "permission_denied",
      says: /IAM_PERMISSION_DENIED.*roles\/aiplatform\.user/,
    },
    {
      name: "billing disabled",
      answer: () =>
        HttpResponse.json(
          {
            error: {
              code: 403,
              status: "PERMISSION_DENIED",
              message: "Billing disabled",
              details: [{ reason: "BILLING_DISABLED" }],
            },
          },
          { status: 403 },
        ),
      expected: "quota_exceeded",
      says: /billing/i,
    },
    {
      name: "a rate limit",
      answer: () =>
        HttpResponse.json(
          { error: { code: 429, status: "RESOURCE_EXHAUSTED", message: "Quota exceeded" } },
          { status: 429, headers: { "retry-after": "6" } },
        ),
      expected: "rate_limited",
      says: /wait 6 s/,
    },
    {
      name: "a server error",
      answer: () =>
        HttpResponse.json({ error: { code: 500, status: "INTERNAL" } }, { status: 500 }),
      expected: "unexpected_response",
      says: /server error/,
    },
    {
      name: "a malformed body",
      answer: () => new HttpResponse("not json", { status: 200 }),
      expected: "unexpected_response",
      says: /does not recognise/,
    },
    {
      name: "an empty body",
      answer: () => new HttpResponse(null, { status: 200 }),
      expected: "unexpected_response",
      says: /does not recognise/,
    },
    {
      name: "a thrown fetch",
      answer: () => HttpResponse.error(),
      expected: "network_error",
      says: /Could not reach us-central1-aiplatform/,
    },
  ] as const;

  it.each(endpointFailures)("classifies $name as $expected", async ({ answer, expected, says }) => {
    const key = serviceAccount();
    server.use(tokenEndpoint(GOOGLE_TOKEN_URI, key), endpointsAnswer(answer));
    const result = await testCredentials("google_vertex_ai", key);
    expect(result).toMatchObject({ ok: false, status: expected });
    expect(result.message).toMatch(says);
    if (expected === "rate_limited") expect(result.retry_after_ms).toBe(6000);
  });

  it("lists endpoints in the configured location", async () => {
    const key = serviceAccount();
    const url =
      "https://europe-west4-aiplatform.googleapis.com/v1/projects/byokit-probe/locations/europe-west4/endpoints";
    server.use(tokenEndpoint(GOOGLE_TOKEN_URI, key), http.get(url, listed));
    const { fetch, sent } = recordingFetch();
    const result = await testCredentials("google_vertex_ai", key, {
      fetch,
      vertexLocation: "europe-west4",
    });
    expect(result.status).toBe("valid");
    expect(sent[1]?.url).toBe(url);
    await expect(
      testCredentials("google_vertex_ai", key, { fetch, vertexLocation: "evil.example/x" }),
    ).rejects.toMatchObject({
      name: "ValidationError",
    });
    expect(sent).toHaveLength(2);
  });

  it("answers timeout when the token endpoint never answers", async () => {
    server.use(
      http.post(GOOGLE_TOKEN_URI, async () => {
        await delay("infinite");
        return HttpResponse.json({});
      }),
    );
    const result = await testCredentials("google_vertex_ai", serviceAccount(), { timeoutMs: 40 });
    expect(result).toMatchObject({ ok: false, status: "timeout" });
  });

  it("answers network_error when the token request throws", async () => {
    server.use(http.post(GOOGLE_TOKEN_URI, () => HttpResponse.error()));
    const result = await testCredentials("google_vertex_ai", serviceAccount());
    expect(result).toMatchObject({ ok: false, status: "network_error" });
    expect(result.message).toContain("oauth2.googleapis.com");
  });

  it("rejects with the caller's reason when aborted during the token request", async () => {
    const controller = new AbortController();
    const reason = new Error("cancelled");
    server.use(
      http.post(GOOGLE_TOKEN_URI, async () => {
        controller.abort(reason);
        await delay("infinite");
        return HttpResponse.json({});
      }),
    );
    await expect(
      testCredentials("google_vertex_ai", serviceAccount(), { signal: controller.signal }),
    ).rejects.toBe(reason);
  });

  it("answers invalid_credentials without sending anything when the private key cannot sign", async () => {
    const key = serviceAccount({
      private_key: "-----BEGIN PRIVATE KEY-----\nAAAAbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
    });
    const { fetch, sent } = recordingFetch();
    const result = await testCredentials("google_vertex_ai", key, { fetch });
    expect(result).toMatchObject({ ok: false, status: "invalid_credentials" });
    expect(result.message).toContain("PKCS#8");
    expect(result.message).not.toContain("[REDACTED]");
    expect(sent).toHaveLength(0);
  });

  it("scrubs the private key and the access token when a proxy echoes them", async () => {
    const key = serviceAccount();
    let token = "";
    server.use(
      tokenEndpoint(GOOGLE_TOKEN_URI, key),
      endpointsAnswer(({ request }) => {
        token = (request.headers.get("authorization") ?? "").slice("Bearer ".length);
        const pemLine = key.private_key.split("\n")[3];
        return HttpResponse.json(
          {
            error: {
              code: 401,
              status: "UNAUTHENTICATED",
              message: `token ${token} key ${pemLine}`,
            },
          },
          { status: 401 },
        );
      }),
    );
    const result = await testCredentials("google_vertex_ai", key);
    expect(result.status).toBe("invalid_credentials");
    expect(token).not.toBe("");
    expectNoFragmentOf(result, token);
    expectNoFragmentOf(result, key.private_key.split("\n")[3] as string);
  });
});
