import fc from "fast-check";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import { testCredentials } from "../../../src/validators/test-credentials.js";
import { everythingIn, watchConsole } from "./capture.js";
import { expectNoLeak } from "./expect-no-leak.js";
import { allowLongRuns, assertOptions } from "./runs.js";
import { credentialCase, freshRsaKeys } from "./secrets.js";

allowLongRuns();

/** What the hostile provider answers on this run; set by each case. */
const answer = { status: 401, grantTokens: true };
const seenUrls: string[] = [];

/**
 * Every provider at once, as msw: it quotes the whole request (URL, every header, body) in
 * each field a validator may read, with the status of the current case. Token endpoints may
 * grant a token, so Vertex's probe after it is echoed too.
 */
const server = setupServer(
  http.all("*", async ({ request }) => {
    if (answer.grantTokens && new URL(request.url).pathname.endsWith("/token")) {
      return HttpResponse.json({ access_token: "ya29.fake-access-token", expires_in: 3600 });
    }
    const echo = await everythingIn(request);
    return HttpResponse.json(
      {
        error: { message: `Incorrect API key provided: ${echo}`, type: "error", code: 1002 },
        message: echo,
        Message: echo,
        detail: echo,
        error_description: echo,
        __type: "UnrecognizedClientException",
      },
      { status: answer.status },
    );
  }),
);
server.events.on("request:start", ({ request }) => {
  seenUrls.push(request.url);
});

const console_ = watchConsole();
let pems: string[] = [];
beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  pems = await freshRsaKeys();
}, 120_000);
afterAll(() => server.close());

const TOKEN = "validator-leak-token";
/** Some generated keys name a token_uri of the echoing fake (`oauth2.byokit.test`): opt in. */
const ECHO_HOSTS = { allowCustomHosts: true } as const;

describe("credential tests against a provider that echoes everything it received", () => {
  it("answer results without any part of the secret, directly and through the backend", async () => {
    // Proof the echo reached the results (and was scrubbed there), not that nothing was read.
    let scrubbed = 0;
    await fc.assert(
      fc.asyncProperty(
        credentialCase(pems),
        fc.constantFrom(200, 400, 401, 402, 403, 404, 429, 500, 529),
        fc.boolean(),
        async (credential, status, grantTokens) => {
          answer.status = status;
          answer.grantTokens = grantTokens;
          seenUrls.length = 0;
          const direct = await testCredentials(credential.provider, credential.input, {
            timeoutMs: 5000,
            network: ECHO_HOSTS,
          });
          expect(direct.latency_ms).toBeGreaterThanOrEqual(0);
          expectNoLeak(direct, credential.secrets, "testCredentials result");
          if (JSON.stringify(direct).includes("[REDACTED]")) scrubbed += 1;

          const local = createLocalBackend({ token: TOKEN, network: ECHO_HOSTS });
          const call = (path: string, body?: unknown) =>
            local.fetch(`http://localhost/v1/organizations/org_v${path}`, {
              method: "POST",
              headers: {
                Authorization: `Bearer ${TOKEN}`,
                ...(body === undefined ? {} : { "Content-Type": "application/json" }),
              },
              ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            });
          const body = { provider: credential.provider, provider_key: credential.input };
          const tested = await call("/provider-keys/test", body);
          expect(tested.status).toBe(200);
          const created = await call("/provider-keys", { ...body, name: "echoed" });
          const { id } = (await created.json()) as { id: string };
          const stored = await call(`/provider-keys/${id}/test`);
          expect(stored.status).toBe(200);
          expectNoLeak(
            [tested.headers, await tested.text(), stored.headers, await stored.text()],
            credential.secrets,
            "test endpoints",
          );
          expect(seenUrls.length).toBeGreaterThan(0);
          expectNoLeak(seenUrls, credential.secrets, "URLs sent to providers");
          expectNoLeak(console_.printed(), credential.secrets, "console output");
        },
      ),
      assertOptions(40),
    );
    expect(scrubbed).toBeGreaterThan(0);
  });
});
