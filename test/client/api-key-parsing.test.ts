/**
 * How the client reads gateway API keys and organizations from the server: only the fields
 * byokit knows, each only when it has its documented type, nothing invented, the secret `key`
 * only where it belongs; and what a malformed answer is reported as.
 */
import { inspect } from "node:util";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { apiKeyExpiresAt, NEVER_EXPIRES } from "../../src/client/api-key-expiry.js";
import { ApiError } from "../../src/errors/index.js";
import { API, ORG_PATH, ORIGIN, testClient, useMockServer } from "./harness.js";

const { server } = useMockServer();
const client = testClient({ maxRetries: 0 });

/** Synthetic, distinctive enough to search for in any output. */
const SECRET = "ek_live_FAKEparse0123456789abcdefWXYZ";

/** Every field of a gateway API key, as Edgee documents them. */
const FULL = {
  object: "ai_gateway_api_key",
  id: "key_1",
  organization_id: "org_1",
  name: "Production",
  type: "coding_agent",
  coding_assistant: "claude_code",
  models: ["openai/gpt-5.2", "anthropic/claude-sonnet-4"],
  max_usage: 1000,
  active: true,
  debug_mode: false,
  created_at: "2026-04-08T10:00:00Z",
  expires_at: "2026-07-07T10:00:00Z",
  last_used_at: "2026-04-09T10:00:00Z",
  byok_only: true,
  preview: "ek_live_…WXYZ",
  created: false,
  user_id: "user_1",
} as const;

/** What is left of a key whose every optional field was dropped. */
const BARE = { object: "ai_gateway_api_key", id: "key_1", name: "Production" };

/** Answers GET /api_keys/key_1 with `body` (JSON), or with `text` as is. */
function serveKey(body: unknown, text?: string) {
  server.use(
    http.get(`${API}/api_keys/key_1`, () =>
      text === undefined
        ? HttpResponse.json(body as never)
        : new HttpResponse(text, { headers: { "content-type": "application/json" } }),
    ),
  );
}

/** What an error says after its method and path (the path shows only a safe prefix of ids). */
const outcome = (error: Error) => error.message.split(" → ")[1];

async function failure(call: () => Promise<unknown>): Promise<ApiError> {
  const error = await call().then(
    () => expect.fail("expected the call to fail"),
    (caught: unknown) => caught,
  );
  if (error instanceof ApiError) return error;
  return expect.fail(`expected an ApiError, got ${String(error)}`);
}

describe("a gateway API key", () => {
  it("keeps every documented field as sent", async () => {
    serveKey({ ...FULL, key: SECRET, internal_note: "not ours" });
    expect(await client.apiKeys.get("key_1")).toStrictEqual(FULL);
  });

  it("invents nothing the server left out; a missing name reads as empty", async () => {
    serveKey({ id: "key_1" });
    expect(await client.apiKeys.get("key_1")).toStrictEqual({
      object: "ai_gateway_api_key",
      id: "key_1",
      name: "",
    });
  });

  it("keeps null where a field may be null", async () => {
    const nulls = {
      coding_assistant: null,
      models: null,
      max_usage: null,
      last_used_at: null,
      user_id: null,
    };
    serveKey({ id: "key_1", name: "Production", ...nulls });
    expect(await client.apiKeys.get("key_1")).toStrictEqual({ ...BARE, ...nulls });
  });

  it.each([
    ["api", "api"],
    ["coding_agent", "coding_agent"],
  ])("keeps the type %s", async (type, expected) => {
    serveKey({ id: "key_1", name: "Production", type });
    expect((await client.apiKeys.get("key_1")).type).toBe(expected);
  });

  it.each([
    ["organization_id", 1],
    ["name", 5],
    ["type", "admin"],
    ["coding_assistant", 3],
    ["models", "openai/gpt-5.2"],
    ["models", [1, 2]],
    ["models", ["openai/gpt-5.2", 2]],
    ["max_usage", "1000"],
    ["active", "yes"],
    ["debug_mode", 1],
    ["created_at", 0],
    ["expires_at", 0],
    ["last_used_at", false],
    ["byok_only", "true"],
    ["preview", { key: "x" }],
    ["created", "no"],
    ["user_id", 5],
  ])("drops %s sent as %j", async (field, value) => {
    serveKey({ id: "key_1", name: "Production", [field]: value });
    const read = await client.apiKeys.get("key_1");
    expect(read).toStrictEqual(field === "name" ? { ...BARE, name: "" } : BARE);
  });

  it("drops a max_usage too large to be a finite number", async () => {
    serveKey(undefined, '{"id":"key_1","name":"Production","max_usage":1e999}');
    expect(await client.apiKeys.get("key_1")).toStrictEqual(BARE);
  });
});

describe("a malformed API key answer", () => {
  it.each([
    ["no id", {}, "body.id must be a string"],
    ["an empty id", { id: "" }, "body.id must be a string"],
    ["a numeric id", { id: 42 }, "body.id must be a string"],
    ["null", null, "body must be an object"],
    ["an array", [FULL], "body must be an object"],
    ["a string", "key_1", "body must be an object"],
  ])("%s: an unexpected_response naming what is wrong", async (_label, body, detail) => {
    serveKey(body);
    const error = await failure(() => client.apiKeys.get("key_1"));
    expect(error).toMatchObject({ status: 200, type: "unexpected_response" });
    expect(outcome(error)).toBe(`200 unexpected_response: ${detail}`);
  });

  it("names the list item that is wrong", async () => {
    server.use(http.get(`${API}/api_keys`, () => HttpResponse.json([{ id: "key_1" }, { id: 7 }])));
    const error = await failure(() => client.apiKeys.list().then((page) => page));
    expect(error.message).toBe(
      `GET ${ORG_PATH}/api_keys → 200 unexpected_response: body[1].id must be a string`,
    );
  });
});

describe("the secret key", () => {
  it("is never read from a masked answer", async () => {
    serveKey({ ...FULL, key: SECRET });
    const read = await client.apiKeys.get("key_1");
    expect(read.key).toBeUndefined();
    expect(Object.getOwnPropertyNames(read)).not.toContain("key");
  });

  it("comes back from create, readable but not enumerable", async () => {
    server.use(
      http.post(`${API}/api_keys`, () =>
        HttpResponse.json({ ...FULL, key: SECRET }, { status: 201 }),
      ),
    );
    const created = await client.apiKeys.create({ name: "Production" });
    expect(created.key).toBe(SECRET);
    expect(Object.keys(created)).not.toContain("key");
    expect(JSON.stringify(created)).not.toContain(SECRET);
    expect(inspect(created)).not.toContain(SECRET);
  });

  it.each([
    ["empty", ""],
    ["not a string", 42],
  ])("is left out of create's answer when %s", async (_label, key) => {
    server.use(
      http.post(`${API}/api_keys`, () => HttpResponse.json({ ...FULL, key }, { status: 201 })),
    );
    const created = await client.apiKeys.create({ name: "Production" });
    expect(Object.getOwnPropertyNames(created)).not.toContain("key");
  });

  it("comes back from reveal, readable but not enumerable", async () => {
    server.use(
      http.get(`${API}/api_keys/key_1/reveal`, () => HttpResponse.json({ ...FULL, key: SECRET })),
    );
    const revealed = await client.apiKeys.reveal("key_1");
    expect(revealed.key).toBe(SECRET);
    expect(revealed).toStrictEqual(FULL);
    expect(JSON.stringify(revealed)).not.toContain(SECRET);
  });

  it.each([
    ["no key", {}],
    ["an empty key", { key: "" }],
    ["a numeric key", { key: 42 }],
  ])("makes reveal fail when the answer has %s", async (_label, extra) => {
    server.use(
      http.get(`${API}/api_keys/key_1/reveal`, () => HttpResponse.json({ ...FULL, ...extra })),
    );
    const error = await failure(() => client.apiKeys.reveal("key_1"));
    expect(outcome(error)).toBe("200 unexpected_response: body.key must be a string");
  });

  it("makes reveal fail on a record without an id, named as the body's", async () => {
    server.use(http.get(`${API}/api_keys/key_1/reveal`, () => HttpResponse.json({ key: SECRET })));
    const error = await failure(() => client.apiKeys.reveal("key_1"));
    expect(outcome(error)).toBe("200 unexpected_response: body.id must be a string");
  });
});

describe("an organization", () => {
  const ACME = { id: "org_1", slug: "acme", name: "Acme" };
  const serveOrg = (body: unknown) =>
    server.use(
      http.get(`${ORIGIN}/v1/organizations/org_1`, () => HttpResponse.json(body as never)),
    );

  it("keeps its gateway URL and byok_only when sent, null included", async () => {
    serveOrg({ ...ACME, gateway_api_url: null, byok_only: true, plan: "pro" });
    expect(await client.organizations.get("org_1")).toStrictEqual({
      ...ACME,
      gateway_api_url: null,
      byok_only: true,
    });
  });

  it("drops them when they have another type", async () => {
    serveOrg({ ...ACME, gateway_api_url: 443, byok_only: "yes" });
    expect(await client.organizations.get("org_1")).toStrictEqual(ACME);
  });

  it.each([
    ["without an id", { slug: "acme", name: "Acme" }, "body.id must be a string"],
    ["without a slug", { id: "org_1", name: "Acme" }, "body.slug must be a string"],
    ["with a numeric name", { ...ACME, name: 1 }, "body.name must be a string"],
    ["that is an array", [ACME], "body must be an object"],
  ])("%s: an unexpected_response", async (_label, body, detail) => {
    serveOrg(body);
    const error = await failure(() => client.organizations.get("org_1"));
    expect(error.message).toBe(`GET /v1/organizations/org_1 → 200 unexpected_response: ${detail}`);
  });
});

describe("apiKeyExpiresAt", () => {
  it("reads Edgee's zero time, sent for a key that never expires, as never", () => {
    expect(NEVER_EXPIRES).toBe("0001-01-01T00:00:00Z");
    expect(apiKeyExpiresAt({ expires_at: NEVER_EXPIRES })).toBeNull();
  });

  it.each([
    ["0001-01-01T00:00:00.000000Z", null],
    ["0001-01-01T02:00:00+02:00", null],
    ["+010001-01-01T00:00:00Z", new Date("+010001-01-01T00:00:00Z")],
    ["x0001-01-01T00:00:00Z", undefined],
    ["2026-07-07T10:00:00+02:00", new Date("2026-07-07T08:00:00Z")],
    ["", undefined],
  ])("reads %j as %j", (expires_at, expected) => {
    expect(apiKeyExpiresAt({ expires_at })).toEqual(expected);
  });

  it.each([
    ["a number", 2026],
    ["null", null],
  ])("does not know when a key expires from %s", (_label, expires_at) => {
    expect(apiKeyExpiresAt({ expires_at: expires_at as never })).toBeUndefined();
  });
});
