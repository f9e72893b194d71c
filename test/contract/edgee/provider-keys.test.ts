/**
 * Contract: the client reads what Edgee sends for provider keys, and byokit's local backend
 * answers the same requests with the same shapes (extension fields allowed).
 */
import { describe, expect, it } from "vitest";
import { describeScope } from "../../../src/cli/format.js";
import { createClient } from "../../../src/client/create-client.js";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import { memoryStore } from "../../../src/local/memory-store.js";
import { ORG, orgPath, reach, shapeDifferences, shapeOf, TOKEN, TRANSPORTS } from "./harness.js";
import {
  createdKey,
  listedKeys,
  providerKeyFixtures,
  rejectedResolution,
  updatedKey,
} from "./provider-keys.fixtures.js";

const SECRET = "sk-proj-FAKE0contract0key0000000000WXYZ";
const createInput = {
  provider: "openai" as const,
  name: "Production Vertex AI",
  provider_key: SECRET,
  api_key_ids: [],
};

describe.each(TRANSPORTS)("the client reads Edgee's provider-key answers (%s)", (transport) => {
  const withClient = async (run: (client: ReturnType<typeof createClient>) => Promise<void>) => {
    const { options, close } = await reach(providerKeyFixtures, transport);
    try {
      await run(createClient(options));
    } finally {
      await close();
    }
  };

  it("reads the documented five-field create answer, inventing nothing", () =>
    withClient(async (client) => {
      const key = await client.providerKeys.create(createInput);
      expect(key).toEqual({ object: "provider_key", ...(createdKey.response.body as object) });
      expect(key.api_key_ids).toBeUndefined();
      expect(key.active).toBeUndefined();
      expect(describeScope(key)).toBe("assignment unknown");
    }));

  it("reads the raw array of the list as one page, and iterates it", () =>
    withClient(async (client) => {
      const page = await client.providerKeys.list();
      expect(page).toMatchObject({ object: "list", has_more: false, last_key: null });
      expect(page.data.map((key) => [key.id, key.provider, key.active])).toEqual([
        ["pk_1a2b3c4d5e6f7g8h", "google_vertex_ai", true],
        ["pk_9z8y7x6w5v4u3t2s", "openai", false],
      ]);
      expect(page.data[0]).not.toHaveProperty("api_key_ids");
      const iterated: string[] = [];
      for await (const key of client.providerKeys.list()) iterated.push(key.id);
      expect(iterated).toEqual((listedKeys.response.body as { id: string }[]).map((k) => k.id));
    }));

  it("updates by POST on the key's path", () =>
    withClient(async (client) => {
      const key = await client.providerKeys.update("pk_1a2b3c4d5e6f7g8h", { name: "Renamed" });
      expect(key).toEqual({ object: "provider_key", ...(updatedKey.response.body as object) });
    }));

  it("reads a rejected resolution", () =>
    withClient(async (client) => {
      const answer = await client.providerKeys.resolve({
        provider: "openai",
        api_key_id: "key_byok",
      });
      expect(answer).toEqual(rejectedResolution.response.body);
    }));
});

describe("the local backend answers the same requests with Edgee's shapes", () => {
  const local = () =>
    createLocalBackend({
      store: memoryStore(),
      token: TOKEN,
      apiKeys: [{ id: "key_byok", name: "B" }],
    });
  const send = async (
    backend: ReturnType<typeof local>,
    method: string,
    path: string,
    body?: unknown,
  ) => {
    const response = await backend.fetch(`http://localhost${orgPath(path)}`, {
      method,
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: await response.json() };
  };

  it("create: every documented field, with its JSON type", async () => {
    const backend = local();
    const created = await send(backend, "POST", "/provider-keys", createInput);
    expect(created.status).toBeLessThan(300);
    expect(shapeDifferences(shapeOf(createdKey.response.body), shapeOf(created.json))).toEqual([]);
    expect(JSON.stringify(created.json)).not.toContain(SECRET);
  });

  it("list: a raw array by default, items with every field Edgee's client reads", async () => {
    const backend = local();
    await send(backend, "POST", "/provider-keys", createInput);
    const listed = await send(backend, "GET", "/provider-keys");
    expect(listed.status).toBe(200);
    expect(shapeDifferences(shapeOf(listedKeys.response.body), shapeOf(listed.json))).toEqual([]);
    // Filters are an extension, and still answer an array.
    const filtered = await send(backend, "GET", "/provider-keys?provider=openai");
    expect(Array.isArray(filtered.json)).toBe(true);
    // The paging envelope only when asked for.
    const paged = await send(backend, "GET", "/provider-keys?limit=1");
    expect(paged.json).toMatchObject({ object: "list", has_more: false, last_key: null });
  });

  it("update by POST: the documented fields, with their JSON types", async () => {
    const backend = local();
    const created = await send(backend, "POST", "/provider-keys", createInput);
    const updated = await send(backend, "POST", `/provider-keys/${created.json.id}`, {
      name: "Renamed",
    });
    expect(updated.status).toBe(200);
    expect(updated.json.name).toBe("Renamed");
    expect(shapeDifferences(shapeOf(updatedKey.response.body), shapeOf(updated.json))).toEqual([]);
  });

  it("the shape comparison is not hollow: an envelope or a missing field is caught", () => {
    const envelope = { object: "list", data: listedKeys.response.body };
    expect(shapeDifferences(shapeOf(listedKeys.response.body), shapeOf(envelope))).not.toEqual([]);
    const { created_by: _, ...lacking } = createdKey.response.body as Record<string, unknown>;
    expect(shapeDifferences(shapeOf(createdKey.response.body), shapeOf(lacking))).toEqual([
      "$.created_by: missing",
    ]);
    expect(ORG).toBe("org_contract");
  });
});
