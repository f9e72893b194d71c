/**
 * `client.apiKeys` beyond the happy path: which calls are retried (a create could mint a
 * second key, so only 408 and 429 are retried), how a broken answer is reported, and what
 * each list page asks for.
 */
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { NEVER_EXPIRES } from "../../src/client/api-key-expiry.js";
import {
  ApiError,
  ConnectionError,
  InternalServerError,
  ValidationError,
} from "../../src/errors/index.js";
import { API, apiError, sequence, testClient, useMockServer } from "./harness.js";

const { server, sent } = useMockServer();
const client = testClient();

/** Synthetic, and distinctive enough to search for in any output. */
const SECRET = "ek_live_FAKEcalls0123456789abcdefWXYZ";

const apiKey = (overrides: Record<string, unknown> = {}) => ({
  object: "ai_gateway_api_key",
  id: "key_1",
  name: "Production",
  type: "api",
  active: true,
  expires_at: NEVER_EXPIRES,
  ...overrides,
});

const unavailable = () => apiError(503, "api_error", "try again");
const reset = () => HttpResponse.error();
const limited = () => apiError(429, "rate_limit_error", "slow down");

/** The two calls that may mint a key, each with the route it posts to. */
const minting = [
  ["create", "/api_keys", () => client.apiKeys.create({ name: "Production" })],
  [
    "getOrCreate",
    "/api_keys/get-or-create",
    () => client.apiKeys.getOrCreate({ coding_assistant: "claude_code" }),
  ],
] as const;

describe.each(minting)("apiKeys.%s", (_name, route, call) => {
  const created = () => HttpResponse.json(apiKey({ key: SECRET, created: true }), { status: 201 });

  it("is not retried after a 503: the key may have been made", async () => {
    server.use(http.post(`${API}${route}`, sequence(unavailable, created)));
    await expect(call()).rejects.toBeInstanceOf(InternalServerError);
    expect(sent).toHaveLength(1);
  });

  it("is not retried after a lost connection", async () => {
    server.use(http.post(`${API}${route}`, sequence(reset, created)));
    await expect(call()).rejects.toBeInstanceOf(ConnectionError);
    expect(sent).toHaveLength(1);
  });

  it("is retried after a 429, which proves nothing was made", async () => {
    server.use(http.post(`${API}${route}`, sequence(limited, created)));
    const key = await call();
    expect(key.key).toBe(SECRET);
    expect(sent).toHaveLength(2);
  });

  it("reports an answer without an id as an unexpected response naming body.id", async () => {
    server.use(http.post(`${API}${route}`, () => HttpResponse.json({ name: "no id" })));
    const error = await call().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toBe(
      `POST /v1/organizations/org_1${route} → 200 unexpected_response: body.id must be a string`,
    );
  });
});

describe("apiKeys.list", () => {
  const page = (ids: string[], lastKey: string | null) =>
    HttpResponse.json({
      object: "list",
      url: "/v1/organizations/org_1/api_keys",
      has_more: lastKey !== null,
      last_key: lastKey,
      data: ids.map((id) => apiKey({ id })),
    });

  it("asks its first page with the filters alone, then each next one from the last key", async () => {
    server.use(
      http.get(`${API}/api_keys`, ({ request }) =>
        new URL(request.url).searchParams.get("start_key") === null
          ? page(["key_1", "key_2"], "key_2")
          : page(["key_3"], null),
      ),
    );
    const ids: string[] = [];
    for await (const key of client.apiKeys.list({ limit: 2, order_direction: "ASC" })) {
      ids.push(key.id);
    }
    expect(ids).toEqual(["key_1", "key_2", "key_3"]);
    expect(sent.map((request) => Object.fromEntries(request.url.searchParams))).toEqual([
      { limit: "2", order_direction: "ASC" },
      { limit: "2", order_direction: "ASC", start_key: "key_2" },
    ]);
  });

  it("starts from the caller's start_key", async () => {
    server.use(http.get(`${API}/api_keys`, () => page(["key_3"], null)));
    const first = await client.apiKeys.list({ start_key: "key_2" });
    expect(first.data.map((key) => key.id)).toEqual(["key_3"]);
    expect(sent[0]?.url.search).toBe("?start_key=key_2");
  });

  it("names the page's item in a broken answer", async () => {
    server.use(
      http.get(`${API}/api_keys`, () =>
        HttpResponse.json({ object: "list", has_more: false, last_key: null, data: [{}] }),
      ),
    );
    await expect(client.apiKeys.list()).rejects.toThrow(
      "GET /v1/organizations/org_1/api_keys → 200 unexpected_response: data[0].id must be a string",
    );
  });

  it("rejects a bad query when awaited and when iterated, sending nothing", async () => {
    const list = client.apiKeys.list({ order_direction: "up" as "ASC" });
    await expect(list).rejects.toBeInstanceOf(ValidationError);
    const iterate = async () => {
      for await (const _ of list) {
        // never reached
      }
    };
    await expect(iterate()).rejects.toBeInstanceOf(ValidationError);
    expect(sent).toHaveLength(0);
  });
});
