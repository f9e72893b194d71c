import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/validation-error.js";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { fileStore } from "../../src/local/file-store.js";
import { memoryStore } from "../../src/local/memory-store.js";
import type { Store } from "../../src/local/store.js";
import type { LocalBackendOptions } from "../../src/local/types.js";
import { call, fakeApiKey, ORG, TOKEN } from "./helpers.js";

const backend = (options: LocalBackendOptions = {}) =>
  createLocalBackend({ token: TOKEN, apiKeys: [{ id: "key_seed", name: "Seed" }], ...options });

/** A provider key of `provider`, assigned as given, created through the API. */
async function providerKey(
  local: ReturnType<typeof backend>,
  api_key_ids: string[],
  provider = "openai",
) {
  const response = await call(local, "POST", "/provider-keys", {
    body: {
      provider,
      name: `PK ${api_key_ids.join(",") || "org"}`,
      provider_key: fakeApiKey(),
      api_key_ids,
    },
  });
  expect(response.status).toBe(201);
  return response.json;
}

describe("gateway API keys in the local backend", () => {
  it("creates a key, shows its secret once, masks it everywhere else, reveals it on demand", async () => {
    const local = backend();
    const created = await call(local, "POST", "/api_keys", {
      body: { name: "Production", type: "api", models: ["openai/gpt-5.2"], max_usage: 1000 },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      object: "ai_gateway_api_key",
      organization_id: ORG,
      name: "Production",
      type: "api",
      coding_assistant: null,
      models: ["openai/gpt-5.2"],
      max_usage: 1000,
      active: true,
      debug_mode: false,
      expires_at: "0001-01-01T00:00:00Z",
      last_used_at: null,
      byok_only: false,
    });
    expect(created.json.id).toMatch(/^key_[A-Za-z0-9]{24}$/);
    const secret: string = created.json.key;
    expect(secret).toMatch(/^ek_live_[A-Za-z0-9]{40}$/);
    expect(created.json.preview).toBe(`ek_live_...${secret.slice(-4)}`);

    const read = await call(local, "GET", `/api_keys/${created.json.id}`);
    const listed = await call(local, "GET", "/api_keys");
    const paged = await call(local, "GET", "/api_keys?limit=10");
    for (const answer of [read, listed, paged]) {
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain(secret);
    }
    expect(read.json.preview).toBe(created.json.preview);
    expect(Array.isArray(listed.json)).toBe(true);
    expect(listed.json.map((k: { id: string }) => k.id)).toEqual(["key_seed", created.json.id]);
    expect(paged.json).toMatchObject({ object: "list", has_more: false });

    const revealed = await call(local, "GET", `/api_keys/${created.json.id}/reveal`);
    expect(revealed.status).toBe(200);
    expect(revealed.json.key).toBe(secret);
  });

  it("sets expires_at from expires_in_days", async () => {
    const local = backend();
    const created = await call(local, "POST", "/api_keys", {
      body: { name: "Short", expires_in_days: 90 },
    });
    const days =
      (Date.parse(created.json.expires_at) - Date.parse(created.json.created_at)) / 86_400_000;
    expect(days).toBe(90);
  });

  it("refuses bad input with a 400 naming each field, and stores nothing", async () => {
    const local = backend();
    const response = await call(local, "POST", "/api_keys", {
      body: { name: "", type: "coding_agent", max_usage: -1, expires_in_dayz: 3 },
    });
    expect(response.status).toBe(400);
    expect(response.json.error.params.map((p: { param: string }) => p.param).sort()).toEqual([
      "coding_assistant",
      "expires_in_dayz",
      "max_usage",
      "name",
    ]);
    const listed = await call(local, "GET", "/api_keys");
    expect(listed.json).toHaveLength(1);
  });

  it("updates by POST and PATCH, keeps what is omitted, and 404s an unknown id", async () => {
    const local = backend();
    const created = await call(local, "POST", "/api_keys", { body: { name: "A", models: ["m"] } });
    const id = created.json.id;
    const renamed = await call(local, "POST", `/api_keys/${id}`, { body: { name: "B" } });
    expect(renamed.json).toMatchObject({ name: "B", models: ["m"], active: true });
    const off = await call(local, "PATCH", `/api_keys/${id}`, { body: { active: false } });
    expect(off.json).toMatchObject({ name: "B", active: false });
    expect((await call(local, "GET", "/api_keys/key_nope")).status).toBe(404);
    expect((await call(local, "POST", "/api_keys/key_nope", { body: { name: "x" } })).status).toBe(
      404,
    );
  });

  it("deletes a key: it is gone from every read, and a second delete is a 404", async () => {
    const local = backend();
    const created = await call(local, "POST", "/api_keys", { body: { name: "Temp" } });
    const deleted = await call(local, "DELETE", `/api_keys/${created.json.id}`);
    expect(deleted.json).toEqual({
      object: "ai_gateway_api_key",
      id: created.json.id,
      deleted: true,
    });
    expect((await call(local, "GET", `/api_keys/${created.json.id}`)).status).toBe(404);
    expect((await call(local, "DELETE", `/api_keys/${created.json.id}`)).status).toBe(404);
  });

  it("get-or-create returns the existing coding-agent key, and creates one only once", async () => {
    const local = backend();
    const first = await call(local, "POST", "/api_keys/get-or-create", {
      body: { coding_assistant: "claude_code" },
    });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      created: true,
      type: "coding_agent",
      coding_assistant: "claude_code",
    });
    expect(first.json.key).toMatch(/^ek_live_/);
    const second = await call(local, "POST", "/api_keys/get-or-create", {
      body: { coding_assistant: "claude_code" },
    });
    expect(second.status).toBe(200);
    expect(second.json).toMatchObject({ id: first.json.id, created: false });
    expect(second.json.key).toBeUndefined();
    const other = await call(local, "POST", "/api_keys/get-or-create", {
      body: { coding_assistant: "codex" },
    });
    expect(other.json.id).not.toBe(first.json.id);
  });

  it("checks a provider key's api_key_ids against the live list", async () => {
    const local = backend();
    const created = await call(local, "POST", "/api_keys", { body: { name: "Live" } });
    await providerKey(local, [created.json.id]);
    await call(local, "DELETE", `/api_keys/${created.json.id}`);
    const refused = await call(local, "POST", "/provider-keys", {
      body: {
        provider: "openai",
        name: "x",
        provider_key: fakeApiKey(),
        api_key_ids: [created.json.id],
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.params[0].param).toBe("api_key_ids[0]");
  });

  it("keeps seeds working: the seeded id is assignable and listed", async () => {
    const local = backend();
    await providerKey(local, ["key_seed"]);
    const seeded = await call(local, "GET", "/api_keys/key_seed");
    expect(seeded.json).toMatchObject({ id: "key_seed", name: "Seed", active: true });
  });
});

describe("deleting or deactivating an API key never widens a provider key's scope", () => {
  it.each(["delete", "deactivate"])("after %s, the assigned key serves nobody", async (how) => {
    const local = backend({ organizationId: ORG });
    const apiKey = (await call(local, "POST", "/api_keys", { body: { name: "Staging" } })).json;
    const assigned = await providerKey(local, [apiKey.id]);
    expect(await local.resolve({ provider: "openai", api_key_id: apiKey.id })).toMatchObject({
      status: "resolved",
      key: { id: assigned.id },
    });
    if (how === "delete") await call(local, "DELETE", `/api_keys/${apiKey.id}`);
    else await call(local, "POST", `/api_keys/${apiKey.id}`, { body: { active: false } });

    // The assignment still names the gone or inactive key: never stripped to [] (the organization).
    const stored = await call(local, "GET", `/provider-keys/${assigned.id}`);
    expect(stored.json.api_key_ids).toEqual([apiKey.id]);
    for (const query of [
      { provider: "openai" as const },
      { provider: "openai" as const, api_key_id: "key_seed" },
    ]) {
      expect((await local.resolve(query)).status).toBe("unassigned");
      const overHttp = await call(local, "POST", "/provider-keys/resolve", { body: query });
      expect(overHttp.json.status).toBe("unassigned");
    }
  });
});

describe("BYOK-only", () => {
  it("rejects instead of unassigned for a BYOK-only key, through local.resolve and HTTP", async () => {
    const local = backend({ organizationId: ORG });
    const strict = (
      await call(local, "POST", "/api_keys", { body: { name: "Strict", byok_only: true } })
    ).json;
    expect(strict.byok_only).toBe(true);
    const query = { provider: "mistral" as const, api_key_id: strict.id };
    const answer = await local.resolve(query);
    expect(answer.status).toBe("rejected");
    expect(answer.explanation).toMatch(/BYOK-only.*refuses/);
    const overHttp = await call(local, "POST", "/provider-keys/resolve", { body: query });
    expect(overHttp.json.status).toBe("rejected");
    // Another key of the same organization is not BYOK-only.
    expect((await local.resolve({ provider: "mistral", api_key_id: "key_seed" })).status).toBe(
      "unassigned",
    );
  });

  it("a BYOK-only key is still served by its organization's own keys", async () => {
    const local = backend({ organizationId: ORG });
    const strict = (
      await call(local, "POST", "/api_keys", { body: { name: "Strict", byok_only: true } })
    ).json;
    await providerKey(local, []);
    expect((await local.resolve({ provider: "openai", api_key_id: strict.id })).status).toBe(
      "resolved",
    );
  });

  it("an organization's byok_only makes every key BYOK-only, whatever the key says", async () => {
    const local = backend({
      organizationId: ORG,
      organizations: [{ id: ORG, name: "Acme", byok_only: true }],
    });
    const key = (
      await call(local, "POST", "/api_keys", { body: { name: "Lax", byok_only: false } })
    ).json;
    expect(key.byok_only).toBe(true);
    expect((await call(local, "GET", "/api_keys/key_seed")).json.byok_only).toBe(true);
    expect((await local.resolve({ provider: "xai" })).status).toBe("rejected");
    const overHttp = await call(local, "POST", "/provider-keys/resolve", {
      body: { provider: "xai" },
    });
    expect(overHttp.json.status).toBe("rejected");
  });

  it("a query's own byok_only counts too, and false never lifts the key's", async () => {
    const local = backend({ organizationId: ORG });
    expect((await local.resolve({ provider: "openai", byok_only: true })).status).toBe("rejected");
    const strict = (
      await call(local, "POST", "/api_keys", { body: { name: "S", byok_only: true } })
    ).json;
    const overHttp = await call(local, "POST", "/provider-keys/resolve", {
      body: { provider: "openai", api_key_id: strict.id, byok_only: false },
    });
    expect(overHttp.json.status).toBe("rejected");
  });

  it("refuses a non-boolean byok_only in a resolve query", async () => {
    const local = backend();
    const response = await call(local, "POST", "/provider-keys/resolve", {
      body: { provider: "openai", byok_only: "yes" },
    });
    expect(response.status).toBe(400);
    await expect(
      local.resolve({ provider: "openai", byok_only: "yes" as unknown as boolean }),
    ).rejects.toThrow(ValidationError);
  });
});

describe("organizations in the local backend", () => {
  it("serves the configured organizations and 404s any other", async () => {
    const local = createLocalBackend({
      token: TOKEN,
      organizations: [
        { id: "org_a", slug: "acme", name: "Acme", gateway_api_url: "https://gw.example" },
        { id: "org_b", byok_only: true },
      ],
    });
    const list = await local.fetch("http://localhost/v1/organizations", {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(await list.json()).toEqual({
      data: [
        {
          id: "org_a",
          slug: "acme",
          name: "Acme",
          gateway_api_url: "https://gw.example",
          byok_only: false,
        },
        { id: "org_b", slug: "org_b", name: "org_b", byok_only: true },
      ],
    });
    const other = await local.fetch("http://localhost/v1/organizations/org_c/api_keys", {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(other.status).toBe(404);
    const one = await local.fetch("http://localhost/v1/organizations/org_b", {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(await one.json()).toMatchObject({ id: "org_b", byok_only: true });
  });

  it("with organizationId alone, lists that one organization", async () => {
    const local = createLocalBackend({ organizationId: "org_1" });
    const list = await (await local.fetch("/v1/organizations")).json();
    expect(list).toEqual({
      data: [{ id: "org_1", slug: "org_1", name: "org_1", byok_only: false }],
    });
  });

  it("without either, lists the organizations that hold keys", async () => {
    const local = createLocalBackend();
    expect(await (await local.fetch("/v1/organizations")).json()).toEqual({ data: [] });
    await local.fetch("/v1/organizations/org_z/api_keys", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Z" }),
    });
    const list = await (await local.fetch("/v1/organizations")).json();
    expect(list.data.map((o: { id: string }) => o.id)).toEqual(["org_z"]);
  });

  it("refuses malformed organizations options", () => {
    expect(() => createLocalBackend({ organizations: [{ id: "bad id" }] })).toThrow(
      ValidationError,
    );
    expect(() =>
      createLocalBackend({ organizationId: "org_1", organizations: [{ id: "org_2" }] }),
    ).toThrow(/organizationId/);
  });
});

describe("API keys in stores", () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "byokit-api-keys-"));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("the file store keeps API keys across reopening, their secret encrypted at rest", async () => {
    const path = join(directory, "keys.json");
    const masterKey = randomBytes(32).toString("base64");
    const first = backend({ store: fileStore(path, { masterKey }) });
    const created = await call(first, "POST", "/api_keys", { body: { name: "Persisted" } });
    const secret: string = created.json.key;
    const onDisk = await readFile(path, "utf8");
    expect(onDisk).not.toContain(secret);
    expect(onDisk).not.toContain("Persisted");

    const reopened = backend({ store: fileStore(path, { masterKey }) });
    const revealed = await call(reopened, "GET", `/api_keys/${created.json.id}/reveal`);
    expect(revealed.json.key).toBe(secret);
  });

  it("a revealed seed keeps its secret across reopening", async () => {
    const path = join(directory, "keys.json");
    const masterKey = randomBytes(32).toString("base64");
    const first = await call(
      backend({ store: fileStore(path, { masterKey }) }),
      "GET",
      "/api_keys/key_seed/reveal",
    );
    const again = await call(
      backend({ store: fileStore(path, { masterKey }) }),
      "GET",
      "/api_keys/key_seed/reveal",
    );
    expect(again.json.key).toBe(first.json.key);
  });

  it("the memory store never shows an API key's secret in JSON or inspect", async () => {
    const store = memoryStore();
    const local = backend({ store });
    const created = await call(local, "POST", "/api_keys", { body: { name: "M" } });
    expect(JSON.stringify(store)).not.toContain(created.json.key);
    expect(inspect(store, { depth: 10, showHidden: true })).not.toContain(created.json.key);
    expect(inspect(local, { depth: 10, showHidden: true })).not.toContain(created.json.key);
  });

  it("a store written before API keys existed keeps working: API keys then live in memory", async () => {
    const inner = memoryStore();
    const legacy: Store = {
      load: () => inner.load(),
      put: (entry) => inner.put(entry),
      delete: (org, id) => inner.delete(org, id),
    };
    const local = backend({ store: legacy });
    const created = await call(local, "POST", "/api_keys", { body: { name: "Volatile" } });
    expect(created.status).toBe(201);
    await providerKey(local, [created.json.id]);
    expect((await call(local, "GET", `/api_keys/${created.json.id}`)).status).toBe(200);
  });
});
