import { generateKeyPairSync } from "node:crypto";
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ValidationError } from "../../src/errors/validation-error.js";
import { AccessTokenError } from "../../src/validators/access-token-error.js";
import { authorizeRequest } from "../../src/validators/authorize-request.js";
import { clearAccessTokenCache } from "../../src/validators/google-vertex-ai.js";
import { expectNoFragmentOf, randomText, recordingFetch, useMswServer } from "./helpers.js";
import { referenceSignature, signatureOf } from "./sigv4-reference.js";

const server = useMswServer();
afterEach(() => clearAccessTokenCache());

const chatRequest = (url: string, headers: Record<string, string> = {}) =>
  new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ model: "m", messages: [] }),
  });

describe("authorizeRequest", () => {
  it.each(["openai", "mistral", "deepseek", "xai", "zai"] as const)(
    "adds a bearer key for %s and keeps method, headers and body",
    async (provider) => {
      const key = `sk-${randomText(32)}`;
      const original = chatRequest("https://gateway.example/v1/chat/completions", {
        "x-trace": "t1",
      });
      const authorized = await authorizeRequest(provider, original, key);
      expect(authorized.headers.get("authorization")).toBe(`Bearer ${key}`);
      expect(authorized.headers.get("x-trace")).toBe("t1");
      expect(authorized.method).toBe("POST");
      expect(await authorized.json()).toEqual({ model: "m", messages: [] });
      expect(original.headers.get("authorization")).toBeNull();
    },
  );

  it("adds Anthropic's x-api-key and default version, keeping a version the request chose", async () => {
    const key = `sk-ant-api03-${randomText(93)}AA`;
    const plain = await authorizeRequest(
      "anthropic",
      chatRequest("https://api.anthropic.com/v1/messages"),
      key,
    );
    expect(plain.headers.get("x-api-key")).toBe(key);
    expect(plain.headers.get("anthropic-version")).toBe("2023-06-01");
    const pinned = await authorizeRequest(
      "anthropic",
      chatRequest("https://api.anthropic.com/v1/messages", { "anthropic-version": "2024-01-01" }),
      key,
    );
    expect(pinned.headers.get("anthropic-version")).toBe("2024-01-01");
  });

  it("adds Azure's api-key header", async () => {
    const apiKey = randomText(32);
    const authorized = await authorizeRequest(
      "azure",
      chatRequest(
        "https://r.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21",
      ),
      { endpoint: "https://r.openai.azure.com", api_key: apiKey },
    );
    expect(authorized.headers.get("api-key")).toBe(apiKey);
  });

  it("signs a Bedrock runtime call with SigV4 for the given region", async () => {
    const credentials = {
      access_key_id: `AKIA${randomText(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`,
      secret_access_key: randomText(40),
    };
    const signed = await authorizeRequest(
      "bedrock",
      chatRequest("https://bedrock-runtime.eu-west-3.amazonaws.com/model/m/invoke"),
      credentials,
      { region: "eu-west-3" },
    );
    expect(signed.headers.get("authorization")).toContain(
      `Credential=${credentials.access_key_id}/`,
    );
    expect(signed.headers.get("authorization")).toContain("/eu-west-3/bedrock/aws4_request");
    expect(signatureOf(signed)).toBe(
      await referenceSignature(signed, credentials.secret_access_key),
    );
    expect(await signed.json()).toEqual({ model: "m", messages: [] });
  });

  it("refuses Bedrock credentials without a region, or malformed, naming fields and not values", async () => {
    const secret = randomText(40);
    const request = new Request("https://bedrock.us-east-1.amazonaws.com/foundation-models");
    await expect(
      authorizeRequest("bedrock", request, {
        access_key_id: "AKIAABCDEFGHIJKLMNOP",
        secret_access_key: secret,
      }),
    ).rejects.toMatchObject({ name: "ValidationError", issues: [{ path: "options.region" }] });
    const error = await authorizeRequest(
      "bedrock",
      request,
      { access_key_id: `not-a-key-${secret}`, secret_access_key: secret },
      { region: "us-east-1" },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ValidationError" });
    expectNoFragmentOf((error as Error).message, secret);
    await expect(
      authorizeRequest(
        "bedrock",
        request,
        { access_key_id: "AKIAABCDEFGHIJKLMNOP", secret_access_key: secret },
        { region: "global" },
      ),
    ).rejects.toMatchObject({ name: "ValidationError" });
  });

  it("refuses an unknown provider and a malformed API key", async () => {
    const request = new Request("https://example.test/");
    await expect(
      authorizeRequest("nope" as "openai", request, "sk-aaaaaaaaaaaa"),
    ).rejects.toMatchObject({
      name: "ValidationError",
    });
    await expect(authorizeRequest("openai", request, "has spaces in it")).rejects.toMatchObject({
      name: "ValidationError",
      issues: [{ path: "credentials" }],
    });
  });

  describe("google_vertex_ai", () => {
    const TOKEN_URI = "https://oauth2.byokit.test/token";
    const pem = () =>
      generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
        type: "pkcs8",
        format: "pem",
      }) as string;
    const firstPem = pem();
    const key = (privateKey = firstPem) => ({
      type: "service_account" as const,
      project_id: "byokit-probe",
      private_key_id: "0123456789abcdef0123456789abcdef01234567",
      private_key: privateKey,
      client_email: "probe@byokit-probe.iam.gserviceaccount.com",
      token_uri: TOKEN_URI,
    });

    /** The tests' token endpoint is not Google's: they opt in to custom hosts. */
    const custom = { network: { allowCustomHosts: true } } as const;

    function tokenServer(expiresIn = 3599) {
      let issued = 0;
      server.use(
        http.post(TOKEN_URI, () => {
          issued++;
          return HttpResponse.json({ access_token: `ya29.token-${issued}`, expires_in: expiresIn });
        }),
      );
      return () => issued;
    }

    it("adds a bearer access token and reuses it while it is fresh", async () => {
      const issued = tokenServer();
      const { fetch, sent } = recordingFetch();
      const url =
        "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/m:generateContent";
      const first = await authorizeRequest("google_vertex_ai", chatRequest(url), key(), {
        fetch,
        ...custom,
      });
      const second = await authorizeRequest("google_vertex_ai", chatRequest(url), key(), {
        fetch,
        ...custom,
      });
      expect(first.headers.get("authorization")).toBe("Bearer ya29.token-1");
      expect(second.headers.get("authorization")).toBe("Bearer ya29.token-1");
      expect(issued()).toBe(1);
      expect(sent.map((r) => r.url)).toEqual([TOKEN_URI]);
    });

    it("does not reuse a token for a different private key under the same key id", async () => {
      const issued = tokenServer();
      const request = () => new Request("https://aiplatform.googleapis.com/v1/x");
      await authorizeRequest("google_vertex_ai", request(), key(), custom);
      const other = await authorizeRequest("google_vertex_ai", request(), key(pem()), custom);
      expect(other.headers.get("authorization")).toBe("Bearer ya29.token-2");
      expect(issued()).toBe(2);
    });

    it("refreshes a token that is about to expire", async () => {
      const issued = tokenServer(60);
      const request = () => new Request("https://aiplatform.googleapis.com/v1/x");
      await authorizeRequest("google_vertex_ai", request(), key(), custom);
      const again = await authorizeRequest("google_vertex_ai", request(), key(), custom);
      expect(again.headers.get("authorization")).toBe("Bearer ya29.token-2");
      expect(issued()).toBe(2);
    });

    it("throws AccessTokenError, scrubbed, when Google refuses the key", async () => {
      const sa = key();
      const pemLine = sa.private_key.split("\n")[2] as string;
      server.use(
        http.post(TOKEN_URI, () =>
          HttpResponse.json(
            { error: "invalid_grant", error_description: `Invalid JWT Signature. ${pemLine}` },
            { status: 400 },
          ),
        ),
      );
      const error = await authorizeRequest(
        "google_vertex_ai",
        new Request("https://aiplatform.googleapis.com/"),
        sa,
        custom,
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AccessTokenError);
      expect(error).toMatchObject({ status: "invalid_credentials", httpStatus: 400 });
      expectNoFragmentOf((error as Error).message, pemLine);
    });

    it("throws ConnectionError when the token endpoint cannot be reached", async () => {
      server.use(http.post(TOKEN_URI, () => HttpResponse.error()));
      await expect(
        authorizeRequest(
          "google_vertex_ai",
          new Request("https://aiplatform.googleapis.com/"),
          key(),
          custom,
        ),
      ).rejects.toMatchObject({ name: "ConnectionError" });
    });

    it("throws AccessTokenError (unexpected_response) on a redirect from the token endpoint, not following it", async () => {
      let followed = 0;
      server.use(
        http.post(TOKEN_URI, () =>
          HttpResponse.text("", {
            status: 307,
            headers: { location: "https://collector.byokit.test/token?x=1" },
          }),
        ),
        http.all("https://collector.byokit.test/*", () => {
          followed++;
          return HttpResponse.json({ access_token: "stolen", expires_in: 3599 });
        }),
      );
      const error = await authorizeRequest(
        "google_vertex_ai",
        new Request("https://aiplatform.googleapis.com/v1/x"),
        key(pem()),
        custom,
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AccessTokenError);
      expect(error).toMatchObject({ status: "unexpected_response" });
      expect((error as Error).message).toContain("https://collector.byokit.test/token;");
      expect((error as Error).message).not.toContain("x=1");
      expect(followed).toBe(0);
    });

    it("refuses a token_uri that is not Google's unless custom hosts are allowed, sending nothing", async () => {
      const issued = tokenServer();
      const { fetch, sent } = recordingFetch();
      const request = new Request("https://aiplatform.googleapis.com/v1/x");
      const error = await authorizeRequest("google_vertex_ai", request, key(), { fetch }).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        name: "ValidationError",
        issues: [{ path: "credentials.token_uri" }],
      });
      expect(sent).toHaveLength(0);
      expect(issued()).toBe(0);
    });

    it("requests the token at Google's current endpoint for a key file naming the legacy one", async () => {
      let audience: unknown;
      server.use(
        http.post("https://oauth2.googleapis.com/token", async ({ request }) => {
          const assertion = new URLSearchParams(await request.text()).get("assertion") ?? "";
          audience = JSON.parse(
            Buffer.from(assertion.split(".")[1] ?? "", "base64url").toString(),
          ).aud;
          return HttpResponse.json({ access_token: "ya29.legacy", expires_in: 3599 });
        }),
      );
      const { fetch, sent } = recordingFetch();
      const legacy = { ...key(pem()), token_uri: "https://accounts.google.com/o/oauth2/token" };
      const signed = await authorizeRequest(
        "google_vertex_ai",
        new Request("https://aiplatform.googleapis.com/v1/x"),
        legacy,
        { fetch },
      );
      expect(signed.headers.get("authorization")).toBe("Bearer ya29.legacy");
      expect(sent.map((r) => r.url)).toEqual(["https://oauth2.googleapis.com/token"]);
      expect(audience).toBe("https://oauth2.googleapis.com/token");
    });
  });
});

describe("authorizeRequest on the request path", () => {
  const region = {
    access_key_id: "AKIAIOSFODNN7EXAMPLE",
    secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  };
  const invoke = () =>
    chatRequest("https://bedrock-runtime.eu-west-3.amazonaws.com/model/m/invoke");

  it("signs frozen Bedrock credentials as it signs a fresh copy of them", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const frozen = Object.freeze({ ...region });
      for (const at of ["2026-01-02T03:04:05Z", "2026-01-03T00:00:00Z", "2026-01-03T00:00:00Z"]) {
        vi.setSystemTime(new Date(at));
        const options = { region: "eu-west-3" };
        const reused = await authorizeRequest("bedrock", invoke(), frozen, options);
        const fresh = await authorizeRequest("bedrock", invoke(), { ...region }, options);
        expect(signatureOf(reused)).toBeDefined();
        expect(signatureOf(reused)).toBe(signatureOf(fresh));
        expect(reused.headers.get("authorization")).toBe(fresh.headers.get("authorization"));
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it("still refuses a bad region for credentials it has checked before, with the same error", async () => {
    const frozen = Object.freeze({ ...region });
    await authorizeRequest("bedrock", invoke(), frozen, { region: "eu-west-3" });
    for (const options of [{ region: "mars-north-1" }, { region: "global" }, {}]) {
      const fresh = await authorizeRequest("bedrock", invoke(), { ...region }, options).catch(
        (error: unknown) => error,
      );
      const cached = await authorizeRequest("bedrock", invoke(), frozen, options).catch(
        (error: unknown) => error,
      );
      expect(fresh).toBeInstanceOf(ValidationError);
      expect((cached as ValidationError).issues).toEqual((fresh as ValidationError).issues);
    }
  });

  it("checks frozen credentials before it trusts them: a bad one is refused every time", async () => {
    const bad = Object.freeze({ ...region, access_key_id: "not-a-key" });
    for (let i = 0; i < 2; i++) {
      await expect(
        authorizeRequest("bedrock", invoke(), bad, { region: "eu-west-3" }),
      ).rejects.toBeInstanceOf(ValidationError);
    }
  });

  it.each([
    ["too short", "sk-1"],
    ["with a space", "sk-test key-0123456789"],
    ["with a line break", "sk-test-0123456789\n"],
    ["not a string", 42],
    ["too long", `sk-${"a".repeat(1100)}`],
  ])("refuses an API key %s with the schema's issues", async (_, key) => {
    const error = await authorizeRequest("openai", invoke(), key as string).catch(
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe("credentials");
  });
});
