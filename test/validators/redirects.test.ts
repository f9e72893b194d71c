import { afterEach, describe, expect, it } from "vitest";
import { testCredentials } from "../../src/validators/test-credentials.js";
import { expectNoFragmentOf, randomText } from "./helpers.js";
import { recordingServer, rerouteTo } from "./loopback-servers.js";

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A second origin: whatever reaches it got the credentials a redirect carried. */
async function collector() {
  const server = await recordingServer((response) => response.end("{}"));
  servers.push(server);
  return server;
}

/** The provider as a proxy could make it: every request answered with `status` to `location`. */
async function redirecting(status: number, location: string) {
  const server = await recordingServer((response) => {
    response.writeHead(status, { location });
    response.end("moved");
  });
  servers.push(server);
  return server;
}

const cases = [
  {
    provider: "anthropic",
    key: () => `sk-ant-api03-${randomText(93)}AA`,
    secretsOf: (key: unknown) => [key as string],
    header: "x-api-key",
  },
  {
    provider: "azure",
    key: () => ({ endpoint: "https://byokit-test.openai.azure.com", api_key: randomText(32) }),
    secretsOf: (key: unknown) => [(key as { api_key: string }).api_key],
    header: "api-key",
  },
  {
    provider: "bedrock",
    key: () => ({
      "eu-west-1": {
        access_key_id: `ASIA${randomText(16, UPPER)}`,
        secret_access_key: randomText(40),
        session_token: randomText(200),
      },
    }),
    secretsOf: (key: unknown) => {
      const entry = (key as Record<string, Record<string, string>>)["eu-west-1"] ?? {};
      return [entry.secret_access_key as string, entry.session_token as string];
    },
    header: "x-amz-security-token",
  },
] as const;

/** Real sockets only (no msw here: it would answer loopback requests too). */
describe("credential probes and redirects", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it.each(cases)(
      `never follow a ${status} to another origin ($provider): the second server receives nothing`,
      async ({ provider, key, secretsOf, header }) => {
        const elsewhere = await collector();
        const provider_ = await redirecting(
          status,
          `${elsewhere.url}/collect/path?token=abc123secret&x=1#frag`,
        );
        const credentials = key();
        const result = await testCredentials(provider, credentials, {
          fetch: rerouteTo(provider_.url),
        });
        // The probe reached the (rerouted) provider with its credentials, and went no further.
        expect(provider_.received).toHaveLength(1);
        expect(provider_.received[0]?.headers[header]).toBeDefined();
        expect(elsewhere.received).toEqual([]);
        expect(result).toMatchObject({ ok: false, status: "unexpected_response" });
        expect(result.message).toContain(`a redirect to ${elsewhere.url}/collect/path;`);
        expect(result.message).not.toContain("abc123secret");
        expect(result.message).not.toContain("token=");
        expect(result.message).toContain("the key was not checked");
        for (const secret of secretsOf(credentials)) expectNoFragmentOf(result, secret);
      },
    );
  }

  it("names a relative Location against the provider's origin, without its query", async () => {
    const provider_ = await redirecting(302, "/elsewhere?api-key=leaked");
    const result = await testCredentials("openai", `sk-proj-${randomText(48)}`, {
      fetch: rerouteTo(provider_.url),
    });
    expect(result.status).toBe("unexpected_response");
    expect(result.message).toContain("a redirect to https://api.openai.com/elsewhere;");
    expect(result.message).not.toContain("leaked");
  });

  it("says so when a browser hides where the redirect pointed (an opaque redirect, status 0)", async () => {
    const opaque = Object.defineProperty(new Response(null, { status: 200 }), "type", {
      value: "opaqueredirect",
    });
    Object.defineProperty(opaque, "status", { value: 0 });
    const result = await testCredentials("deepseek", `sk-${randomText(32, "0123456789abcdef")}`, {
      fetch: async (_input, init) => {
        expect(init?.redirect).toBe("manual");
        return opaque;
      },
    });
    expect(result.status).toBe("unexpected_response");
    expect(result.message).toContain("a redirect to a location it did not disclose");
  });

  it("hands custom validators a fetch that does not follow redirects either", async () => {
    const elsewhere = await collector();
    const provider_ = await redirecting(302, `${elsewhere.url}/x`);
    const result = await testCredentials("cohere", "co-1234567890", {
      validators: {
        cohere: async (_key, { fetch }) => {
          await fetch(`${provider_.url}/check`, { headers: { authorization: "Bearer co-1234" } });
          return { ok: true, status: "valid", message: "followed", latency_ms: 0 };
        },
      },
      network: { allowPrivateNetworks: true },
    });
    expect(result.status).toBe("unexpected_response");
    expect(elsewhere.received).toEqual([]);
  });
});
