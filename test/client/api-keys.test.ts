import { inspect } from "node:util";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { apiKeyExpiresAt, NEVER_EXPIRES } from "../../src/client/api-key-expiry.js";
import { NotFoundError, ValidationError } from "../../src/errors/index.js";
import { API, ORG_PATH, ORIGIN, testClient, useMockServer } from "./harness.js";

const { server, sent, bodyOf } = useMockServer();
const client = testClient();

/** Synthetic: obviously fake, distinctive enough to search for in any output. */
const SECRET = "ek_live_FAKEsecret0123456789abcdefWXYZ";

const record = (overrides: Record<string, unknown> = {}) => ({
  object: "ai_gateway_api_key",
  id: "key_1",
  organization_id: "org_1",
  name: "Production",
  type: "api",
  models: [],
  max_usage: null,
  active: true,
  debug_mode: false,
  created_at: "2026-04-08T10:00:00Z",
  expires_at: NEVER_EXPIRES,
  last_used_at: null,
  byok_only: false,
  ...overrides,
});

describe("client.apiKeys", () => {
  it("create posts the checked body and returns the key, never enumerable", async () => {
    server.use(
      http.post(`${API}/api_keys`, () =>
        HttpResponse.json(record({ key: SECRET }), { status: 201 }),
      ),
    );
    const created = await client.apiKeys.create({
      name: "Production",
      type: "api",
      models: ["openai/gpt-5.2"],
      max_usage: 1000,
      expires_in_days: 90,
    });
    expect(sent[0]?.method).toBe("POST");
    expect(sent[0]?.url.pathname).toBe(`${ORG_PATH}/api_keys`);
    expect(await bodyOf(0)).toEqual({
      name: "Production",
      type: "api",
      models: ["openai/gpt-5.2"],
      max_usage: 1000,
      expires_in_days: 90,
    });
    expect(created.key).toBe(SECRET);
    expect(JSON.stringify(created)).not.toContain(SECRET);
    expect(inspect(created, { depth: 5 })).not.toContain(SECRET);
    expect({ ...created }).not.toHaveProperty("key");
  });

  it("a masked read never carries a key, even when a server wrongly sends one", async () => {
    server.use(http.get(`${API}/api_keys/key_1`, () => HttpResponse.json(record({ key: SECRET }))));
    const read = await client.apiKeys.get("key_1");
    expect(read.key).toBeUndefined();
    expect(read).toEqual(record());
  });

  it("reveal reads GET /api_keys/{id}/reveal and needs a key in the answer", async () => {
    server.use(
      http.get(`${API}/api_keys/key_1/reveal`, () => HttpResponse.json(record({ key: SECRET }))),
      http.get(`${API}/api_keys/key_2/reveal`, () => HttpResponse.json(record({ id: "key_2" }))),
    );
    expect((await client.apiKeys.reveal("key_1")).key).toBe(SECRET);
    await expect(client.apiKeys.reveal("key_2")).rejects.toThrow(/body.key must be a string/);
  });

  it("update posts to /api_keys/{id}; delete sends DELETE; 404 is NotFoundError", async () => {
    server.use(
      http.post(`${API}/api_keys/key_1`, () => HttpResponse.json(record({ active: false }))),
      http.delete(`${API}/api_keys/key_1`, () =>
        HttpResponse.json({ object: "ai_gateway_api_key", id: "key_1", deleted: true }),
      ),
      http.get(`${API}/api_keys/key_gone`, () =>
        HttpResponse.json({ error: { code: "not_found", message: "gone" } }, { status: 404 }),
      ),
    );
    const updated = await client.apiKeys.update("key_1", { active: false, max_usage: null });
    expect(updated.active).toBe(false);
    expect(await bodyOf(0)).toEqual({ active: false, max_usage: null });
    await expect(client.apiKeys.delete("key_1")).resolves.toBeUndefined();
    expect(sent.map((r) => r.method)).toEqual(["POST", "DELETE"]);
    await expect(client.apiKeys.get("key_gone")).rejects.toThrow(NotFoundError);
  });

  it("getOrCreate posts { coding_assistant } and reads created", async () => {
    server.use(
      http.post(`${API}/api_keys/get-or-create`, () =>
        HttpResponse.json(
          record({
            type: "coding_agent",
            coding_assistant: "claude_code",
            created: true,
            key: SECRET,
          }),
        ),
      ),
    );
    const key = await client.apiKeys.getOrCreate({ coding_assistant: "claude_code" });
    expect(await bodyOf(0)).toEqual({ coding_assistant: "claude_code" });
    expect(key).toMatchObject({ created: true, coding_assistant: "claude_code" });
    expect(key.key).toBe(SECRET);
  });

  it.each([
    ["a raw array", [record(), record({ id: "key_2" })]],
    ["a { data } wrapper", { data: [record(), record({ id: "key_2" })] }],
    [
      "the paging envelope",
      {
        object: "list",
        url: "/",
        has_more: false,
        last_key: null,
        data: [record(), record({ id: "key_2" })],
      },
    ],
  ])("list reads %s, awaited and iterated", async (_, body) => {
    server.use(http.get(`${API}/api_keys`, () => HttpResponse.json(body)));
    const page = await client.apiKeys.list();
    expect(page.data.map((k) => k.id)).toEqual(["key_1", "key_2"]);
    expect(page.has_more).toBe(false);
    const ids: string[] = [];
    for await (const key of client.apiKeys.list()) ids.push(key.id);
    expect(ids).toEqual(["key_1", "key_2"]);
  });

  it.each([
    ["create without a name", () => client.apiKeys.create({} as never)],
    [
      "create of a coding_agent without an assistant",
      () => client.apiKeys.create({ name: "a", type: "coding_agent" }),
    ],
    [
      "create with a misspelt field",
      () => client.apiKeys.create({ name: "a", expires_in_day: 3 } as never),
    ],
    ["create with a negative max_usage", () => client.apiKeys.create({ name: "a", max_usage: -5 })],
    [
      "create with a fractional expiry",
      () => client.apiKeys.create({ name: "a", expires_in_days: 1.5 }),
    ],
    ["an update that changes nothing", () => client.apiKeys.update("key_1", {})],
    [
      "an update with a non-boolean active",
      () => client.apiKeys.update("key_1", { active: "no" as never }),
    ],
    ["an empty id", () => client.apiKeys.get("")],
    ["a dot-dot id", () => client.apiKeys.reveal("..")],
    ["getOrCreate without an assistant", () => client.apiKeys.getOrCreate({} as never)],
  ])("refuses %s with a ValidationError before any request", async (_, run) => {
    await expect(run()).rejects.toThrow(ValidationError);
    expect(sent).toHaveLength(0);
  });
});

describe("apiKeyExpiresAt", () => {
  it.each([
    [NEVER_EXPIRES, null],
    ["0001-01-01T00:00:00.000Z", null],
    ["2026-07-07T10:00:00Z", new Date("2026-07-07T10:00:00Z")],
    [undefined, undefined],
    ["not a date", undefined],
  ])("reads %j as %j", (expires_at, expected) => {
    expect(apiKeyExpiresAt({ expires_at })).toEqual(expected);
  });
});

describe("client.organizations", () => {
  it("lists { data } from GET /v1/organizations and gets one", async () => {
    const acme = { id: "org_1", slug: "acme", name: "Acme", gateway_api_url: "https://gw.example" };
    server.use(
      http.get(`${ORIGIN}/v1/organizations`, () => HttpResponse.json({ data: [acme] })),
      http.get(`${ORIGIN}/v1/organizations/org_1`, () => HttpResponse.json(acme)),
    );
    const page = await client.organizations.list();
    expect(page.data).toEqual([acme]);
    expect(await client.organizations.get("org_1")).toEqual(acme);
    expect(sent.map((r) => r.url.pathname)).toEqual([
      "/v1/organizations",
      "/v1/organizations/org_1",
    ]);
  });

  it("refuses an organization without its slug", async () => {
    server.use(
      http.get(`${ORIGIN}/v1/organizations/org_1`, () =>
        HttpResponse.json({ id: "org_1", name: "x" }),
      ),
    );
    await expect(client.organizations.get("org_1")).rejects.toThrow(/slug must be a string/);
  });
});
