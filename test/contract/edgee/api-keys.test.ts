/**
 * Gateway API keys: what Edgee documents and sends, read by the client; and the local
 * backend's answers to the same requests, shape for shape.
 */
import { describe, expect, it } from "vitest";
import { apiKeyExpiresAt } from "../../../src/client/api-key-expiry.js";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import {
  contractClient,
  type Fixture,
  fixtureFetch,
  ORG,
  shapeDifferences,
  TOKEN,
  useFixtureServer,
  useServedBackend,
} from "./api-keys-harness.js";

const DOCS = "https://www.edgee.ai/docs/api-reference/console-api-manage-gateway-api-keys";
const CLIENT = "https://github.com/edgee-ai/edgee/blob/main/src/api.rs";
const ROOT = `/v1/organizations/${ORG}/api_keys`;

/** The create request of Edgee's docs, as its curl example sends it. */
const CREATE_REQUEST = {
  name: "Production Backend",
  type: "api",
  models: ["anthropic/claude-opus-4-6", "openai/gpt-5.2"],
  max_usage: 1000,
  expires_in_days: 90,
} as const;

/** Source: DOCS, the response example of the create (its `key` is the docs' placeholder). */
const CREATED: Fixture = {
  source: DOCS,
  method: "POST",
  path: ROOT,
  status: 200,
  body: {
    object: "ai_gateway_api_key",
    id: "key_abc123xyz",
    organization_id: "org_12345",
    name: "Production Backend",
    type: "api",
    models: ["anthropic/claude-opus-4-6", "openai/gpt-5.2"],
    max_usage: 1000,
    active: true,
    debug_mode: false,
    created_at: "2026-04-08T10:00:00Z",
    expires_at: "2026-07-07T10:00:00Z",
    last_used_at: "2026-04-08T12:30:00Z",
    key: "ek_live_abc123xyz...",
  },
};

/**
 * Source: CLIENT, `ApiKeyItem` (the get-or-create answer): `id`, `key`, `created`,
 * `expires_at` always present (Go's zero time when the key never expires), `compression`,
 * `fallbacks`, `reroutes`, `byok_only`. Values are synthetic.
 */
const GOT_OR_CREATED: Fixture = {
  source: CLIENT,
  method: "POST",
  path: `${ROOT}/get-or-create`,
  status: 200,
  body: {
    id: "key_cc1",
    key: "ek_live_FAKEcontract0000000000000000000000",
    created: true,
    expires_at: "0001-01-01T00:00:00Z",
    compression: { tool_result_trimming: true, tool_surface_reduction: true, output_brevity: true },
    fallbacks: [],
    reroutes: [],
    byok_only: true,
  },
};

/** Source: CLIENT, `get_key_by_id` reads an `ApiKeyItem` (no `key`, no `created` here). */
const READ: Fixture = {
  source: CLIENT,
  method: "GET",
  path: `${ROOT}/key_cc1`,
  status: 200,
  body: {
    id: "key_cc1",
    expires_at: "0001-01-01T00:00:00Z",
    compression: null,
    fallbacks: [],
    reroutes: [],
    byok_only: false,
  },
};

/** Source: CLIENT, test `latest_request_preserves_unknown_routing_and_filters_keys`: a raw array. */
const LISTED: Fixture = {
  source: CLIENT,
  method: "GET",
  path: ROOT,
  status: 200,
  body: [{ id: "mine", user_id: "me" }, { id: "other", user_id: "them" }, { id: "unknown" }],
};

const FIXTURES = [CREATED, GOT_OR_CREATED, READ, LISTED];
const served = useFixtureServer(FIXTURES);

describe.each([
  ["over a loopback server", () => contractClient({ baseUrl: served.url() })],
  ["in-process", () => contractClient({ fetch: fixtureFetch(FIXTURES) })],
])("the client reads what Edgee sends (%s)", (_, client) => {
  it("the documented create answer, its key not enumerable", async () => {
    const created = await client().apiKeys.create(CREATE_REQUEST);
    const { key: _key, ...documented } = CREATED.body as Record<string, unknown>;
    expect(created).toEqual(documented);
    expect(created.key).toBe("ek_live_abc123xyz...");
    expect(JSON.stringify(created)).not.toContain("ek_live_");
    expect(apiKeyExpiresAt(created)).toEqual(new Date("2026-07-07T10:00:00Z"));
  });

  it("the get-or-create item: created, byok_only and the never-expires sentinel", async () => {
    const item = await client().apiKeys.getOrCreate({ coding_assistant: "claude_code" });
    expect(item).toMatchObject({ id: "key_cc1", created: true, byok_only: true });
    expect(item.expires_at).toBe("0001-01-01T00:00:00Z");
    expect(apiKeyExpiresAt(item)).toBeNull();
    expect(item.key).toBe("ek_live_FAKEcontract0000000000000000000000");
  });

  it("a read by id", async () => {
    const item = await client().apiKeys.get("key_cc1");
    expect(item).toEqual({
      object: "ai_gateway_api_key",
      id: "key_cc1",
      name: "",
      expires_at: "0001-01-01T00:00:00Z",
      byok_only: false,
    });
  });

  it("the list, a raw array: one page, awaited or iterated", async () => {
    const page = await client().apiKeys.list();
    expect(page.has_more).toBe(false);
    expect(page.data.map((k) => [k.id, k.user_id])).toEqual([
      ["mine", "me"],
      ["other", "them"],
      ["unknown", undefined],
    ]);
    const ids: string[] = [];
    for await (const key of client().apiKeys.list()) ids.push(key.id);
    expect(ids).toEqual(["mine", "other", "unknown"]);
  });
});

const local = () => createLocalBackend({ token: TOKEN, organizationId: ORG });
const backendServer = useServedBackend(local);

/** Fields Edgee documents as "if set": the local backend sends `null` where Edgee may send a value. */
const NULLABLE = ["last_used_at", "max_usage", "coding_assistant"];

describe.each([
  [
    "in-process, through local.fetch",
    () => {
      const backend = local();
      return { fetch: backend.fetch, client: contractClient({ fetch: backend.fetch }) };
    },
  ],
  [
    "served on loopback",
    () => ({
      fetch: (path: string, init?: RequestInit) => fetch(`${backendServer.url()}${path}`, init),
      client: contractClient({ baseUrl: backendServer.url() }),
    }),
  ],
])("the local backend answers in Edgee's shapes (%s)", (_, target) => {
  const send = (t: ReturnType<typeof target>, method: string, path: string, body?: unknown) =>
    t.fetch(path, {
      method,
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it("create: every documented field, of the same type", async () => {
    const t = target();
    const response = await send(t, "POST", ROOT, CREATE_REQUEST);
    expect(response.ok).toBe(true);
    const body = await response.json();
    expect(shapeDifferences(CREATED.body as Record<string, unknown>, body, NULLABLE)).toEqual([]);
    expect(body.key).toMatch(/^ek_live_/);
  });

  it("get-or-create: Edgee's item fields but the routing settings byokit does not model", async () => {
    const t = target();
    const response = await send(t, "POST", `${ROOT}/get-or-create`, {
      coding_assistant: "claude_code",
    });
    const body = await response.json();
    expect(shapeDifferences(GOT_OR_CREATED.body as Record<string, unknown>, body)).toEqual([
      "compression: missing",
      "fallbacks: missing",
      "reroutes: missing",
    ]);
    expect(body.expires_at).toBe("0001-01-01T00:00:00Z");
  });

  it("list: a raw array by default, as Edgee answers", async () => {
    const t = target();
    await send(t, "POST", ROOT, { name: "Listed" });
    const response = await send(t, "GET", ROOT);
    const body = await response.json();
    expect(Array.isArray(body)).toBe(true);
    // Edgee's list items carry the member (`user_id`); the local backend has no members.
    expect(shapeDifferences((LISTED.body as Record<string, unknown>[])[0]!, body[0])).toEqual([
      "user_id: missing",
    ]);
  });

  it("the client reads the local answers as it reads Edgee's", async () => {
    const { client } = target();
    const created = await client.apiKeys.create(CREATE_REQUEST);
    const read = await client.apiKeys.get(created.id);
    expect(Object.keys(read).sort()).toEqual(
      [
        ...Object.keys(CREATED.body as object).filter((k) => k !== "key"),
        "coding_assistant", // a documented response field, absent from the api-type example
        "byok_only",
        "preview",
      ].sort(),
    );
    expect((await client.apiKeys.reveal(created.id)).key).toBe(created.key);
  });
});
