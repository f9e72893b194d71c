/**
 * The client object itself: what it shows when logged or serialized (its base URL and
 * organization, never its token), and that its resources share its organization.
 */
import { inspect } from "node:util";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { ConsoleClient, createClient } from "../../src/client/create-client.js";
import { TOKEN, useMockServer } from "./harness.js";

const { server, sent } = useMockServer();

describe("a ConsoleClient", () => {
  const client = createClient({
    organizationId: "org_shown",
    token: TOKEN,
    baseUrl: "https://proxy.example/edgee/",
  });

  it("inspects as its class name and JSON of its base URL and organization", () => {
    expect(inspect(client)).toBe(
      'ConsoleClient {"baseUrl":"https://proxy.example/edgee","organizationId":"org_shown"}',
    );
    expect(JSON.stringify(client)).toBe(
      '{"baseUrl":"https://proxy.example/edgee","organizationId":"org_shown"}',
    );
  });

  it("is what createClient builds, and its resources work in its organization", async () => {
    server.use(
      http.get("https://proxy.example/edgee/v1/organizations/org_shown/api_keys", () =>
        HttpResponse.json([]),
      ),
      http.get("https://proxy.example/edgee/v1/organizations/org_shown/provider-keys", () =>
        HttpResponse.json([]),
      ),
    );
    expect(client).toBeInstanceOf(ConsoleClient);
    await client.apiKeys.list();
    await client.providerKeys.list();
    expect(sent.map((request) => request.url.pathname)).toEqual([
      "/edgee/v1/organizations/org_shown/api_keys",
      "/edgee/v1/organizations/org_shown/provider-keys",
    ]);
  });
});
