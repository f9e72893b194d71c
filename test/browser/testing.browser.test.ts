/**
 * `byokit/testing` in Chromium: fixtures feed the resolver, and the msw handlers of
 * `byokit/testing/msw` answer the client through msw's `getResponse` (no service worker needed
 * to prove they run here).
 */
import { getResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createClient } from "../../src/client/create-client.js";
import { createResolver } from "../../src/resolver/create-resolver.js";
import { createFixtures } from "../../src/testing/index.js";
import { createApiHandlers } from "../../src/testing/msw.js";
import { fakeOpenAiKey } from "../client/fixtures.js";

describe("byokit/testing in Chromium", () => {
  it("builds records the resolver ranks by scope", () => {
    const f = createFixtures();
    const organization = f.providerKey({ provider: "openai" });
    const staging = f.providerKey({ provider: "openai", api_key_ids: ["key_staging"] });
    const resolver = createResolver([organization, staging]);

    expect(resolver.resolve({ provider: "openai", api_key_id: "key_staging" })).toMatchObject({
      status: "resolved",
      scope: "api_key",
      key: { id: staging.id },
    });
    expect(resolver.resolve({ provider: "openai" })).toMatchObject({
      key: { id: organization.id },
    });
  });

  it("answers the client's requests with its msw handlers", async () => {
    const handlers = createApiHandlers({ apiKeys: [{ id: "key_staging", name: "staging" }] });
    const sent: Request[] = [];
    const client = createClient({
      organizationId: "org_1",
      token: "console_token_FAKE",
      maxRetries: 0,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        sent.push(request.clone());
        return (await getResponse(handlers, request)) ?? Response.error();
      },
    });

    const created = await client.providerKeys.create({
      provider: "openai",
      name: "Staging",
      provider_key: fakeOpenAiKey(),
      api_key_ids: ["key_staging"],
    });
    const listed = await client.providerKeys.list();

    expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual([
      "POST https://api.edgee.app/v1/organizations/org_1/provider-keys",
      "GET https://api.edgee.app/v1/organizations/org_1/provider-keys",
    ]);
    expect(listed.data.map((key) => key.id)).toEqual([created.id]);
  });
});
