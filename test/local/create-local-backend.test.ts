import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { memoryStore } from "../../src/local/memory-store.js";
import type { Store } from "../../src/local/store.js";
import type { LocalBackendOptions } from "../../src/local/types.js";
import { BASE, call, fakeApiKey, ORG, TOKEN } from "./helpers.js";

const apiKeys = [
  { id: "key_staging", name: "Staging" },
  { id: "key_prod", name: "Production" },
];

function backend(options: LocalBackendOptions = {}) {
  return createLocalBackend({ apiKeys, token: TOKEN, ...options });
}

async function createOpenAi(
  local: ReturnType<typeof backend>,
  fields: Record<string, unknown> = {},
) {
  const secret = fakeApiKey();
  const response = await call(local, "POST", "/provider-keys", {
    body: { provider: "openai", name: "OpenAI org", provider_key: secret, ...fields },
  });
  return { secret, response, record: response.json };
}

describe("creating a provider key", () => {
  it("answers 201 with the masked record, its ETag, Location and a request id", async () => {
    const local = backend();
    const { secret, response } = await createOpenAi(local, { api_key_ids: ["key_staging"] });
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({
      object: "provider_key",
      provider: "openai",
      name: "OpenAI org",
      api_key_ids: ["key_staging"],
      active: true,
      preview: { type: "api_key", key: `sk-...${secret.slice(-4)}` },
      created_by: "local",
      version: 1,
    });
    expect(response.json.id).toMatch(/^pk_[A-Za-z0-9]{24}$/);
    expect(response.json.updated_at).toBe(response.json.created_at);
    expect(response.headers.get("ETag")).toBe('"1"');
    expect(response.headers.get("X-Request-Id")).toMatch(/^req_/);
    expect(response.headers.get("Location")).toBe(
      `/v1/organizations/${ORG}/provider-keys/${response.json.id}`,
    );
    expect(response.headers.get("Content-Type")).toContain("application/json");
    expect(response.text).not.toContain(secret.slice(8));
  });

  it("gives every key its own random id and an increasing created_at", async () => {
    const local = backend();
    const records = [];
    for (let i = 0; i < 5; i++) records.push((await createOpenAi(local)).record);
    expect(new Set(records.map((r) => r.id)).size).toBe(5);
    const stamps = records.map((r) => Date.parse(r.created_at));
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]!).toBeGreaterThan(stamps[i - 1]!);
  });

  it("answers 400 naming each bad field, and writes nothing", async () => {
    const local = backend();
    const response = await call(local, "POST", "/provider-keys", {
      body: { provider: "openai", name: "", provider_key: 42, api_key_ids: "key_staging" },
    });
    expect(response.status).toBe(400);
    expect(response.json.error.type).toBe("invalid_request_error");
    const params = response.json.error.params.map((p: { param: string }) => p.param);
    expect(params).toEqual(expect.arrayContaining(["name", "provider_key", "api_key_ids"]));
    expect((await call(local, "GET", "/provider-keys")).json).toEqual([]);
  });

  it("names the unknown API key id of api_key_ids", async () => {
    const local = backend();
    const { response } = await createOpenAi(local, { api_key_ids: ["key_staging", "key_ghost"] });
    expect(response.status).toBe(400);
    expect(response.json.error.params).toEqual([
      { param: "api_key_ids[1]", message: "key_gh… is not a known API key" },
    ]);
  });

  it("answers 400 on malformed JSON without echoing the body", async () => {
    const local = backend();
    const secret = fakeApiKey();
    const response = await call(local, "POST", "/provider-keys", {
      body: `{"provider":"openai","provider_key":"${secret}"`,
    });
    expect(response.status).toBe(400);
    expect(response.json.error).toEqual({
      type: "invalid_request_error",
      message: "the request body is not valid JSON",
    });
    expect(response.text).not.toContain(secret.slice(8));
  });

  it("answers 415 for a body that is not sent as JSON", async () => {
    const response = await call(backend(), "POST", "/provider-keys", {
      body: "{}",
      headers: { "Content-Type": "text/plain" },
    });
    expect(response.status).toBe(415);
    expect(response.json.error.type).toBe("invalid_request_error");
  });

  it("answers 400 for an empty body", async () => {
    const response = await call(backend(), "POST", "/provider-keys", {
      headers: { "Content-Type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect(response.json.error.params[0].param).toBe("body");
  });

  it("answers 413 above 64 KiB", async () => {
    const response = await call(backend(), "POST", "/provider-keys", {
      body: { provider: "openai", name: "x".repeat(70_000), provider_key: fakeApiKey() },
    });
    expect(response.status).toBe(413);
    expect(response.json.error.type).toBe("invalid_request_error");
  });
});

describe("reading and listing", () => {
  it("reads a key with its ETag, and 404s an unknown id", async () => {
    const local = backend();
    const { record } = await createOpenAi(local);
    const found = await call(local, "GET", `/provider-keys/${record.id}`);
    expect(found.status).toBe(200);
    expect(found.json).toEqual(record);
    expect(found.headers.get("ETag")).toBe('"1"');
    const missing = await call(local, "GET", "/provider-keys/pk_missing");
    expect(missing.status).toBe(404);
    expect(missing.json.error.type).toBe("not_found_error");
  });

  it("lists newest first in pages that follow last_key to the end", async () => {
    const local = backend();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createOpenAi(local)).record.id);
    const seen: string[] = [];
    let startKey: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=2${startKey ? `&start_key=${startKey}` : ""}`;
      const page = await call(local, "GET", `/provider-keys${query}`);
      expect(page.status).toBe(200);
      expect(page.json.object).toBe("list");
      expect(page.json.url).toBe(`/v1/organizations/${ORG}/provider-keys`);
      seen.push(...page.json.data.map((r: { id: string }) => r.id));
      expect(page.json.has_more).toBe(page.json.last_key !== null);
      startKey = page.json.last_key;
      pages++;
    } while (startKey);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
    const ascending = await call(local, "GET", "/provider-keys?order_direction=ASC&limit=100");
    expect(ascending.json.data.map((r: { id: string }) => r.id)).toEqual(ids);
  });

  it("keeps paging correctly when the last item of a page is deleted", async () => {
    const local = backend();
    for (let i = 0; i < 4; i++) await createOpenAi(local);
    const first = await call(local, "GET", "/provider-keys?limit=2");
    await call(local, "DELETE", `/provider-keys/${first.json.data[1].id}`);
    const second = await call(
      local,
      "GET",
      `/provider-keys?limit=2&start_key=${first.json.last_key}`,
    );
    expect(second.json.data).toHaveLength(2);
    expect(second.json.has_more).toBe(false);
  });

  it("filters by provider and by api_key_id", async () => {
    const local = backend();
    const org = (await createOpenAi(local)).record;
    const staging = (await createOpenAi(local, { api_key_ids: ["key_staging"] })).record;
    await call(local, "POST", "/provider-keys", {
      body: { provider: "anthropic", name: "Claude", provider_key: fakeApiKey("sk-ant-FAKE") },
    });
    const openai = await call(local, "GET", "/provider-keys?provider=openai");
    expect(openai.json.map((r: { id: string }) => r.id)).toEqual([staging.id, org.id]);
    const assigned = await call(local, "GET", "/provider-keys?api_key_id=key_staging");
    expect(assigned.json.map((r: { id: string }) => r.id)).toEqual([staging.id]);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=abc", "limit"],
    ["order_direction=UP", "order_direction"],
    ["start_key=not%20a%20cursor", "start_key"],
    ["provider=openia", "provider"],
    ["api_key_id=bad%20id", "api_key_id"],
  ])("answers 400 naming the parameter for ?%s", async (query, param) => {
    const response = await call(backend(), "GET", `/provider-keys?${query}`);
    expect(response.status).toBe(400);
    expect(response.json.error.params[0].param).toBe(param);
  });

  it("lists the known API keys", async () => {
    const response = await call(backend(), "GET", "/api_keys?order_direction=ASC");
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ object: "list", has_more: false, last_key: null });
    expect(response.json.data.map((k: { id: string }) => k.id)).toEqual([
      "key_prod",
      "key_staging",
    ]);
    expect(response.json.data[0]).toMatchObject({
      object: "ai_gateway_api_key",
      name: "Production",
      active: true,
    });
  });
});

describe("updating", () => {
  it("renames a key, keeps its secret, bumps the version and the ETag", async () => {
    const local = backend();
    const { record, secret } = await createOpenAi(local);
    const response = await call(local, "PATCH", `/provider-keys/${record.id}`, {
      body: { name: "Renamed" },
      headers: { "If-Match": '"1"' },
    });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ name: "Renamed", version: 2, preview: record.preview });
    expect(response.headers.get("ETag")).toBe('"2"');
    const resolved = await local.resolve({ provider: "openai" });
    expect(resolved.status === "resolved" && resolved.credentials).toBe(secret);
  });

  it("replaces the secret when provider_key is given", async () => {
    const authorizations: (string | null)[] = [];
    const local = backend({
      // The built-in OpenAI validator probes through this fetch: it shows which secret is stored.
      fetch: async (input, init) => {
        authorizations.push(new Request(input, init).headers.get("authorization"));
        return Response.json({ object: "list", data: [] });
      },
    });
    const { record } = await createOpenAi(local);
    const next = fakeApiKey();
    const response = await call(local, "PATCH", `/provider-keys/${record.id}`, {
      body: { provider_key: next, active: false, api_key_ids: ["key_prod"] },
    });
    expect(response.json).toMatchObject({
      active: false,
      api_key_ids: ["key_prod"],
      preview: { key: `sk-...${next.slice(-4)}` },
    });
    const stored = await call(local, "POST", `/provider-keys/${record.id}/test`);
    expect(stored.json).toMatchObject({ ok: true, status: "valid" });
    expect(authorizations).toEqual([`Bearer ${next}`]);
  });

  it("accepts If-Match quoted or bare, and refuses a stale one with 412 writing nothing", async () => {
    const local = backend();
    const { record } = await createOpenAi(local);
    const path = `/provider-keys/${record.id}`;
    expect(
      (await call(local, "PATCH", path, { body: { name: "a" }, headers: { "If-Match": "1" } }))
        .status,
    ).toBe(200);
    expect(
      (await call(local, "PATCH", path, { body: { name: "b" }, headers: { "If-Match": '"2"' } }))
        .status,
    ).toBe(200);
    const stale = await call(local, "PATCH", path, {
      body: { name: "c" },
      headers: { "If-Match": '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.json.error.type).toBe("precondition_failed_error");
    expect((await call(local, "GET", path)).json).toMatchObject({ name: "b", version: 3 });
    const malformed = await call(local, "PATCH", path, {
      body: { name: "d" },
      headers: { "If-Match": "v3" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.params[0].param).toBe("If-Match");
  });

  it("compares If-Match strongly (RFC 9110): a weak tag never matches, even the current one", async () => {
    const local = backend();
    const { record } = await createOpenAi(local);
    const path = `/provider-keys/${record.id}`;
    const weak = await call(local, "POST", path, {
      body: { name: "weak" },
      headers: { "If-Match": 'W/"1"' },
    });
    expect(weak.status).toBe(412);
    expect(weak.json.error.type).toBe("precondition_failed_error");
    const weakInList = await call(local, "POST", path, {
      body: { name: "weak" },
      headers: { "If-Match": 'W/"1", "7"' },
    });
    expect(weakInList.status).toBe(412);
    expect((await call(local, "GET", path)).json).toMatchObject({ name: record.name, version: 1 });
  });

  it("matches If-Match past version 9, in lists of tags and with *", async () => {
    const local = backend();
    const { record } = await createOpenAi(local);
    const path = `/provider-keys/${record.id}`;
    for (let version = 1; version <= 11; version += 1) {
      const answer = await call(local, "POST", path, {
        body: { name: `v${version + 1}` },
        headers: { "If-Match": `"${version}"` },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("ETag")).toBe(`"${version + 1}"`);
    }
    // Now at version 12: a list naming it matches, a prefix or a one-digit tag does not.
    const listed = await call(local, "POST", path, {
      body: { name: "listed" },
      headers: { "If-Match": '"3", "12", "99"' },
    });
    expect(listed.status).toBe(200);
    // Now at 13: the version before, a one-digit prefix and a longer tag are all stale.
    for (const stale of ['"12"', '"1"', '"3", "130"']) {
      const answer = await call(local, "POST", path, {
        body: { name: "stale" },
        headers: { "If-Match": stale },
      });
      expect(answer.status).toBe(412);
    }
    expect(
      (await call(local, "POST", path, { body: { name: "any" }, headers: { "If-Match": "*" } }))
        .status,
    ).toBe(200);
    expect((await call(local, "GET", path)).json).toMatchObject({ name: "any", version: 14 });
  });

  it("lets exactly one of two concurrent updates with the same If-Match win", async () => {
    const local = backend();
    const { record } = await createOpenAi(local);
    const update = (name: string) =>
      call(local, "PATCH", `/provider-keys/${record.id}`, {
        body: { name },
        headers: { "If-Match": '"1"' },
      });
    const results = await Promise.all([update("first"), update("second")]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const winner = results.find((r) => r.status === 200)!.json.name;
    expect((await call(local, "GET", `/provider-keys/${record.id}`)).json).toMatchObject({
      name: winner,
      version: 2,
    });
  });

  it("answers 400 for an invalid update and leaves the key as it was", async () => {
    const local = backend();
    const { record } = await createOpenAi(local);
    const response = await call(local, "PATCH", `/provider-keys/${record.id}`, {
      body: { name: "ok", provider_key: "short", color: "red" },
    });
    expect(response.status).toBe(400);
    const params = response.json.error.params.map((p: { param: string }) => p.param);
    expect(params).toEqual(expect.arrayContaining(["provider_key"]));
    expect((await call(local, "GET", `/provider-keys/${record.id}`)).json).toEqual(record);
  });
});

describe("deleting", () => {
  it("deletes a key, then 404s it", async () => {
    const local = backend();
    const { record } = await createOpenAi(local);
    const response = await call(local, "DELETE", `/provider-keys/${record.id}`);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ object: "provider_key", id: record.id, deleted: true });
    expect((await call(local, "GET", `/provider-keys/${record.id}`)).status).toBe(404);
    expect((await call(local, "DELETE", `/provider-keys/${record.id}`)).status).toBe(404);
  });

  it("refuses a delete with a stale If-Match", async () => {
    const local = backend();
    const { record } = await createOpenAi(local);
    await call(local, "PATCH", `/provider-keys/${record.id}`, { body: { name: "v2" } });
    const response = await call(local, "DELETE", `/provider-keys/${record.id}`, {
      headers: { "If-Match": '"1"' },
    });
    expect(response.status).toBe(412);
    expect((await call(local, "GET", `/provider-keys/${record.id}`)).status).toBe(200);
  });
});

describe("idempotent creates", () => {
  const body = (secret: string) => ({ provider: "openai", name: "Idem", provider_key: secret });

  it("replays the first response for the same key and body", async () => {
    const local = backend();
    const secret = fakeApiKey();
    const headers = { "Idempotency-Key": "idem-1" };
    const first = await call(local, "POST", "/provider-keys", { body: body(secret), headers });
    const second = await call(local, "POST", "/provider-keys", { body: body(secret), headers });
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    expect(second.headers.get("X-Request-Id")).toMatch(/^req_/);
    expect(second.headers.get("X-Request-Id")).not.toBe(first.headers.get("X-Request-Id"));
    expect(second.headers.get("ETag")).toBe('"1"');
    expect((await call(local, "GET", "/provider-keys")).json).toHaveLength(1);
  });

  it("answers 409 for the same key with another body", async () => {
    const local = backend();
    const headers = { "Idempotency-Key": "idem-2" };
    await call(local, "POST", "/provider-keys", { body: body(fakeApiKey()), headers });
    const other = await call(local, "POST", "/provider-keys", {
      body: body(fakeApiKey()),
      headers,
    });
    expect(other.status).toBe(409);
    expect(other.json.error.type).toBe("conflict_error");
  });

  it("creates one record for parallel creates with one key", async () => {
    const local = backend();
    const secret = fakeApiKey();
    const headers = { "Idempotency-Key": "idem-parallel" };
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        call(local, "POST", "/provider-keys", { body: body(secret), headers }),
      ),
    );
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(new Set(responses.map((r) => r.json.id)).size).toBe(1);
    expect((await call(local, "GET", "/provider-keys")).json).toHaveLength(1);
  });

  it("scopes keys per organization and forgets failed attempts", async () => {
    const local = backend();
    const headers = { "Idempotency-Key": "idem-3" };
    const bad = await call(local, "POST", "/provider-keys", {
      body: { provider: "openai", name: "", provider_key: fakeApiKey() },
      headers,
    });
    expect(bad.status).toBe(400);
    const fixed = await call(local, "POST", "/provider-keys", {
      body: body(fakeApiKey()),
      headers,
    });
    expect(fixed.status).toBe(201);
    const elsewhere = await local.fetch(
      `http://localhost/v1/organizations/org_other/provider-keys`,
      {
        method: "POST",
        headers: {
          ...headers,
          Authorization: `Bearer ${TOKEN}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify(body(fakeApiKey())),
      },
    );
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.headers.get("Idempotent-Replayed")).toBeNull();
  });

  it("answers 400 for a malformed Idempotency-Key", async () => {
    const response = await call(backend(), "POST", "/provider-keys", {
      body: body(fakeApiKey()),
      headers: { "Idempotency-Key": "x".repeat(300) },
    });
    expect(response.status).toBe(400);
    expect(response.json.error.params[0].param).toBe("Idempotency-Key");
  });
});

describe("authentication, routes and organizations", () => {
  it("answers 401 without the right bearer token", async () => {
    const local = backend();
    for (const token of [null, "wrong-token", `${TOKEN}x`]) {
      const response = await call(local, "GET", "/provider-keys", { token });
      expect(response.status).toBe(401);
      expect(response.json.error.type).toBe("authentication_error");
      expect(response.headers.get("WWW-Authenticate")).toContain("Bearer");
      expect(response.text).not.toContain(TOKEN);
    }
  });

  it("trusts every caller when it has no token, with or without a bearer", async () => {
    const local = createLocalBackend({ apiKeys });
    expect((await call(local, "GET", "/provider-keys", { token: "anything" })).status).toBe(200);
    expect((await call(local, "GET", "/provider-keys", { token: null })).status).toBe(200);
  });

  it("answers 404 for unknown routes and 405 with Allow for wrong methods", async () => {
    const local = backend();
    const unknown = await call(local, "GET", "/provider-keyz");
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.type).toBe("not_found_error");
    expect((await call(local, "GET", "/provider-keys/pk_1/test/more")).status).toBe(404);
    const wrong = await call(local, "PUT", "/provider-keys");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("Allow")).toBe("GET, POST");
    expect((await call(local, "GET", "/provider-keys/resolve")).headers.get("Allow")).toBe("POST");
  });

  it("serves only its organization when given one", async () => {
    const local = backend({ organizationId: ORG });
    expect((await call(local, "GET", "/provider-keys")).status).toBe(200);
    const other = await local.fetch("http://localhost/v1/organizations/org_other/provider-keys", {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(other.status).toBe(404);
  });

  it("keeps organizations apart when serving any", async () => {
    const local = backend();
    await createOpenAi(local);
    const other = await local.fetch("http://localhost/v1/organizations/org_other/provider-keys", {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(await other.json()).toEqual([]);
  });

  it("works as a detached function, with a Request or a relative path", async () => {
    const { fetch } = backend();
    const request = new Request(`${BASE}/api_keys`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect((await fetch(request)).status).toBe(200);
    const relative = await fetch(`/v1/organizations/${ORG}/api_keys`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(relative.status).toBe(200);
  });

  it("answers 500 api_error with a generic message when the store fails", async () => {
    const broken: Store = {
      load: async () => [],
      put: async () => {
        throw new Error("disk on fire /secret/path");
      },
      delete: async () => undefined,
    };
    const { response } = await createOpenAi(backend({ store: broken }));
    expect(response.status).toBe(500);
    expect(response.json.error.type).toBe("api_error");
    expect(response.text).not.toContain("disk on fire");
    expect(response.headers.get("X-Request-Id")).toMatch(/^req_/);
  });

  it("rejects bad options with a ValidationError", () => {
    expect(() => createLocalBackend({ token: "" })).toThrow(/token/);
    expect(() => createLocalBackend({ apiKeys: [{ id: "bad id", name: "x" }] })).toThrow(
      /apiKeys\[0\]\.id/,
    );
  });
});

describe("secrets", () => {
  it("never shows a secret or the token in JSON.stringify or util.inspect", async () => {
    const store = memoryStore();
    const local = backend({ store });
    const { secret } = await createOpenAi(local);
    for (const text of [
      JSON.stringify(local),
      inspect(local, { depth: 10 }),
      JSON.stringify(store),
      inspect(store, { depth: 10, showHidden: true }),
    ]) {
      expect(text).not.toContain(secret.slice(8));
      expect(text).not.toContain(TOKEN);
    }
    expect(inspect(store)).toBe("MemoryStore { size: 1 }");
  });

  it("never returns a secret in any response", async () => {
    const local = backend();
    const { record, secret } = await createOpenAi(local, { api_key_ids: ["key_staging"] });
    const texts = [
      (await call(local, "GET", `/provider-keys/${record.id}`)).text,
      (await call(local, "GET", "/provider-keys")).text,
      (await call(local, "PATCH", `/provider-keys/${record.id}`, { body: { name: "x" } })).text,
      (
        await call(local, "POST", "/provider-keys/resolve", {
          body: { provider: "openai", api_key_id: "key_staging" },
        })
      ).text,
      (await call(local, "DELETE", `/provider-keys/${record.id}`)).text,
    ];
    for (const text of texts) expect(text).not.toContain(secret.slice(12));
  });
});
