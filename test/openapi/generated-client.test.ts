import { request as httpRequest } from "node:http";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { type Server, serve } from "../../src/local/serve.js";
import { fakeApiKey, fakeRegion } from "../local/helpers.js";
import type { components, paths } from "./console-api.js";

/**
 * A client generated from docs/openapi.json by third-party tools (openapi-typescript for the
 * types in ./console-api.d.ts, openapi-fetch for the calls) does a full round trip against
 * `serve()` on loopback. `tsc` checks this file against the generated types (`npm run
 * typecheck`, and typecheck.test.ts in CI): a spec whose schemas a generator cannot type fails
 * here, not in a user's project.
 */

const TOKEN = "generated-client-token-0123456789";
const org_id = "org_generated";
type ProviderKey = components["schemas"]["ProviderKey"];
type CreateRequest = components["schemas"]["CreateProviderKeyRequest"];

let server: Server;
let client: ReturnType<typeof createClient<paths>>;

beforeAll(async () => {
  const backend = createLocalBackend({
    token: TOKEN,
    organizationId: org_id,
    apiKeys: [{ id: "key_staging", name: "Staging" }],
    // Credential tests never leave the machine: fake validators stand in for AWS and OpenAI.
    validators: {
      bedrock: async () => ({
        ok: true,
        status: "valid",
        message: "fake AWS says yes",
        latency_ms: 1,
        regions: [{ region: "eu-west-3", ok: true, status: "valid", message: "ok" }],
      }),
      openai: async () => ({ ok: true, status: "valid", message: "ok", latency_ms: 1 }),
    },
  });
  server = await serve(backend, { port: 0 });
  client = createClient<paths>({
    baseUrl: server.url,
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
});

afterAll(() => server.close());

/** Every list answer as items: Edgee's raw array, or byokit's paging envelope. */
function itemsOf<T>(list: T[] | { data: T[] }): T[] {
  return Array.isArray(list) ? list : list.data;
}

describe("a client generated from docs/openapi.json (openapi-typescript + openapi-fetch)", () => {
  it("creates, lists, reads, updates, tests, resolves and deletes provider keys", async () => {
    const bedrockBody: CreateRequest = {
      provider: "bedrock",
      name: "AWS Paris",
      provider_key: { "eu-west-3": fakeRegion(), global: fakeRegion({ sessionToken: true }) },
      api_key_ids: ["key_staging"],
    };
    // The types tie each provider to its credential's shape.
    const wrongShape: CreateRequest = {
      provider: "bedrock",
      name: "Wrong",
      // @ts-expect-error a Bedrock region needs its secret_access_key
      provider_key: { "eu-west-3": { access_key_id: "AKIAFAKEFAKEFAKEFAKE" } },
    };
    // @ts-expect-error an OpenAI key is a string, not an Azure object
    const crossed: CreateRequest = {
      provider: "openai",
      name: "X",
      provider_key: { endpoint: "https://x", api_key: "sk-x" },
    };
    expect([wrongShape.provider, crossed.provider]).toEqual(["bedrock", "openai"]);

    const path = { org_id };
    const bedrock = await client.POST("/v1/organizations/{org_id}/provider-keys", {
      params: { path },
      body: bedrockBody,
    });
    expect(bedrock.response.status).toBe(201);
    const bedrockKey: ProviderKey = bedrock.data!;
    expect(bedrockKey.provider).toBe("bedrock");
    // A secret never comes back: only a masked preview.
    expect(JSON.stringify(bedrockKey)).not.toContain("FAKEsecret");

    // The JSON text form of a structured credential is typed too.
    const azure = await client.POST("/v1/organizations/{org_id}/provider-keys", {
      params: { path },
      body: {
        provider: "azure",
        name: "Azure",
        provider_key: JSON.stringify({
          endpoint: "https://fake.openai.azure.com",
          api_key: fakeApiKey("FAKEazure"),
        }),
      },
    });
    expect(azure.response.status).toBe(201);

    const openai = await client.POST("/v1/organizations/{org_id}/provider-keys", {
      params: { path, header: { "Idempotency-Key": "generated-openai" } },
      body: { provider: "openai", name: "OpenAI", provider_key: fakeApiKey() },
    });
    expect(openai.response.status).toBe(201);
    const openaiId = openai.data!.id;

    const list = await client.GET("/v1/organizations/{org_id}/provider-keys", {
      params: { path },
    });
    expect(list.response.status).toBe(200);
    expect(itemsOf<ProviderKey>(list.data!).map((key) => key.name)).toEqual(
      expect.arrayContaining(["AWS Paris", "Azure", "OpenAI"]),
    );
    const page = await client.GET("/v1/organizations/{org_id}/provider-keys", {
      params: { path, query: { limit: 1, provider: "openai" } },
    });
    expect(itemsOf<ProviderKey>(page.data!).map((key) => key.id)).toEqual([openaiId]);

    const read = await client.GET("/v1/organizations/{org_id}/provider-keys/{id}", {
      params: { path: { org_id, id: openaiId } },
    });
    expect(read.data?.name).toBe("OpenAI");
    const etag = read.response.headers.get("ETag")!;

    // Update by POST, Edgee's convention (a byokit whose server predates it answers 405).
    const updated = await client.POST("/v1/organizations/{org_id}/provider-keys/{id}", {
      params: { path: { org_id, id: openaiId }, header: { "If-Match": etag } },
      body: { name: "OpenAI renamed", active: false },
    });
    expect.soft(updated.response.status, "POST /provider-keys/{id} updates").toBe(200);
    const patched = await client.PATCH("/v1/organizations/{org_id}/provider-keys/{id}", {
      params: { path: { org_id, id: bedrockKey.id } },
      body: { provider_key: { "eu-west-3": {} }, api_key_ids: [] },
    });
    expect(patched.data?.api_key_ids).toEqual([]);
    const stale = await client.PATCH("/v1/organizations/{org_id}/provider-keys/{id}", {
      params: { path: { org_id, id: bedrockKey.id }, header: { "If-Match": '"1"' } },
      body: { name: "Stale" },
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error).toMatchObject({ error: { type: "precondition_failed_error" } });

    const tested = await client.POST("/v1/organizations/{org_id}/provider-keys/test", {
      params: { path },
      body: { provider: "openai", provider_key: fakeApiKey() },
    });
    expect(tested.data).toMatchObject({ ok: true, status: "valid" });
    const storedTest = await client.POST("/v1/organizations/{org_id}/provider-keys/{id}/test", {
      params: { path: { org_id, id: bedrockKey.id } },
    });
    expect(storedTest.data?.regions?.[0]?.region).toBe("eu-west-3");

    const resolved = await client.POST("/v1/organizations/{org_id}/provider-keys/resolve", {
      params: { path },
      body: { provider: "bedrock", api_key_id: "key_staging", region: "eu-west-3" },
    });
    const resolution = resolved.data!;
    expect(resolution.status).toBe("resolved");
    if (resolution.status === "resolved") expect(resolution.key.id).toBe(bedrockKey.id);

    for (const id of [openaiId, bedrockKey.id, azure.data!.id]) {
      const deleted = await client.DELETE("/v1/organizations/{org_id}/provider-keys/{id}", {
        params: { path: { org_id, id } },
      });
      expect(deleted.data).toEqual({ object: "provider_key", id, deleted: true });
    }
    const gone = await client.GET("/v1/organizations/{org_id}/provider-keys/{id}", {
      params: { path: { org_id, id: openaiId } },
    });
    expect(gone.response.status).toBe(404);
    expect(gone.error?.error).toMatchObject({ type: "not_found_error" });
  });

  it("creates, lists, reads, updates, reveals and deletes gateway API keys; lists organizations", async () => {
    const path = { org_id };
    const created = await client.POST("/v1/organizations/{org_id}/api_keys", {
      params: { path },
      body: { name: "Generated", type: "api", models: ["openai/gpt-5.2"], max_usage: 50 },
    });
    expect(created.response.status).toBe(201);
    const apiKey = created.data!;
    expect(apiKey.object).toBe("ai_gateway_api_key");
    expect(apiKey.key).toMatch(/\S{16,}/);

    const list = await client.GET("/v1/organizations/{org_id}/api_keys", { params: { path } });
    expect(itemsOf(list.data!).map((key) => key.id)).toEqual(
      expect.arrayContaining(["key_staging", apiKey.id]),
    );
    for (const key of itemsOf(list.data!)) expect(key.key).toBeUndefined();

    const read = await client.GET("/v1/organizations/{org_id}/api_keys/{id}", {
      params: { path: { org_id, id: apiKey.id } },
    });
    expect(read.data?.name).toBe("Generated");

    const updated = await client.POST("/v1/organizations/{org_id}/api_keys/{id}", {
      params: { path: { org_id, id: apiKey.id } },
      body: { active: false, max_usage: null },
    });
    expect(updated.data).toMatchObject({ active: false, max_usage: null });

    const revealed = await client.GET("/v1/organizations/{org_id}/api_keys/{id}/reveal", {
      params: { path: { org_id, id: apiKey.id } },
    });
    expect(revealed.data?.key).toBe(apiKey.key);

    const agent = await client.POST("/v1/organizations/{org_id}/api_keys/get-or-create", {
      params: { path },
      body: { coding_assistant: "claude_code" },
    });
    expect(agent.response.status).toBe(201);
    expect(agent.data?.created).toBe(true);

    const deleted = await client.DELETE("/v1/organizations/{org_id}/api_keys/{id}", {
      params: { path: { org_id, id: apiKey.id } },
    });
    expect(deleted.data).toEqual({ object: "ai_gateway_api_key", id: apiKey.id, deleted: true });

    const organizations = await client.GET("/v1/organizations");
    expect(organizations.data?.data.map((o) => o.id)).toEqual([org_id]);
    const organization = await client.GET("/v1/organizations/{org_id}", { params: { path } });
    expect(organization.data).toMatchObject({ id: org_id, slug: org_id });
  });

  it("gets the documented error answers: 401, 400 naming the field, 405 with Allow (TRACE too)", async () => {
    const anonymous = createClient<paths>({ baseUrl: server.url });
    const denied = await anonymous.GET("/v1/organizations/{org_id}/provider-keys", {
      params: { path: { org_id } },
    });
    expect(denied.response.status).toBe(401);
    expect(denied.error?.error).toMatchObject({ type: "authentication_error" });

    const bad = await client.POST("/v1/organizations/{org_id}/provider-keys/resolve", {
      params: { path: { org_id } },
      body: { provider: "bedrock", region: "mars" },
    });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.error).toMatchObject({ params: [{ param: "region" }] });

    // TRACE cannot be sent by fetch: a raw request, as an external fuzzer sends it.
    const trace = await new Promise<{ status: number; allow: string | undefined }>(
      (resolve, reject) => {
        const url = new URL(`/v1/organizations/${org_id}/provider-keys`, server.url);
        const outgoing = httpRequest(url, {
          method: "TRACE",
          headers: { Authorization: `Bearer ${TOKEN}` },
        });
        outgoing.on("response", (incoming) => {
          incoming.resume();
          resolve({ status: incoming.statusCode ?? 0, allow: incoming.headers.allow });
        });
        outgoing.on("error", reject);
        outgoing.end();
      },
    );
    expect(trace.status).toBe(405);
    expect.soft(trace.allow, "405 to TRACE carries Allow").toBe("GET, POST");
  });
});
