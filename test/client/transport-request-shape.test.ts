/**
 * What every request carries, whatever the resource: the bearer token and `Accept: application/json`
 * always; a JSON body and its content type only when the call has a body; a query string only
 * when there is something in it.
 */
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { fakeOpenAiKey } from "./fixtures.js";
import { API, ORIGIN, record, TOKEN, testClient, useMockServer } from "./harness.js";

const { server, sent } = useMockServer();
const client = testClient();

const emptyList = () => HttpResponse.json([]);
const ok = () => HttpResponse.json({ ok: true, status: "valid", message: "ok", latency_ms: 1 });

describe("every request", () => {
  it("carries the bearer token and asks for JSON, with a body or without", async () => {
    server.use(
      http.get(`${API}/provider-keys/pk_1`, () => HttpResponse.json(record())),
      http.post(`${API}/provider-keys/test`, ok),
      http.delete(`${API}/provider-keys/pk_1`, () => new HttpResponse(null, { status: 204 })),
      http.get(`${ORIGIN}/v1/organizations`, emptyList),
    );
    await client.providerKeys.get("pk_1");
    await client.providerKeys.test({ provider: "openai", provider_key: fakeOpenAiKey() });
    await client.providerKeys.delete("pk_1");
    await client.organizations.list();

    expect(sent.map((request) => request.method)).toEqual(["GET", "POST", "DELETE", "GET"]);
    for (const request of sent) {
      expect(request.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
      expect(request.headers.get("accept")).toBe("application/json");
    }
  });
});

describe("a call without a body", () => {
  it("sends neither a body nor a content type", async () => {
    server.use(
      http.get(`${API}/api_keys/key_1`, () => HttpResponse.json({ id: "key_1" })),
      http.delete(`${API}/provider-keys/pk_1`, () => new HttpResponse(null, { status: 204 })),
      http.post(`${API}/provider-keys/pk_1/test`, ok),
    );
    await client.apiKeys.get("key_1");
    await client.providerKeys.delete("pk_1", { ifMatch: 2 });
    await client.providerKeys.testStored("pk_1");

    expect(sent).toHaveLength(3);
    for (const request of sent) {
      expect(request.headers.has("content-type")).toBe(false);
      expect(await request.body).toBe("");
    }
  });
});

describe("the URL", () => {
  it("has no query string, not even a bare '?', when a list has nothing to ask", async () => {
    server.use(http.get(`${API}/provider-keys`, emptyList), http.get(`${API}/api_keys`, emptyList));
    await client.providerKeys.list();
    await client.apiKeys.list({});
    expect(sent.map((request) => request.url.href)).toEqual([
      `${API}/provider-keys`,
      `${API}/api_keys`,
    ]);
  });

  it("carries each query field once", async () => {
    server.use(http.get(`${API}/provider-keys`, emptyList));
    await client.providerKeys.list({ limit: 5, provider: "openai" });
    expect(sent[0]?.url.href).toBe(`${API}/provider-keys?limit=5&provider=openai`);
  });
});
