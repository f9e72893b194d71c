import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/index.js";
import { fakeAwsRegion, fakeOpenAiKey } from "./fixtures.js";
import { API, ORG_PATH, record, TOKEN, testClient, useMockServer } from "./harness.js";

const { server, sent, bodyOf } = useMockServer();
const client = testClient();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("what providerKeys.create sends", () => {
  it("posts the body with the bearer token, JSON content type and a generated Idempotency-Key", async () => {
    server.use(
      http.post(`${API}/provider-keys`, () => HttpResponse.json(record(), { status: 201 })),
    );
    const secret = fakeOpenAiKey();

    const created = await client.providerKeys.create({
      provider: "openai",
      name: "OpenAI prod",
      provider_key: secret,
    });

    expect(created.id).toBe("pk_1");
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request?.method).toBe("POST");
    expect(request?.url.pathname).toBe(`${ORG_PATH}/provider-keys`);
    expect(request?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers.get("content-type")).toMatch(/^application\/json/);
    expect(request?.headers.get("idempotency-key")).toMatch(UUID);
    expect(await bodyOf(0)).toEqual({
      provider: "openai",
      name: "OpenAI prod",
      provider_key: secret,
      api_key_ids: [],
    });
  });

  it("generates a different Idempotency-Key for each create", async () => {
    server.use(
      http.post(`${API}/provider-keys`, () => HttpResponse.json(record(), { status: 201 })),
    );
    const input = { provider: "openai", name: "a", provider_key: fakeOpenAiKey() } as const;
    await client.providerKeys.create(input);
    await client.providerKeys.create(input);
    const keys = sent.map((request) => request.headers.get("idempotency-key"));
    expect(keys[0]).not.toBe(keys[1]);
  });

  it("sends the caller's Idempotency-Key when given", async () => {
    server.use(
      http.post(`${API}/provider-keys`, () => HttpResponse.json(record(), { status: 201 })),
    );
    await client.providerKeys.create(
      { provider: "openai", name: "a", provider_key: fakeOpenAiKey() },
      { idempotencyKey: "import-2025-01-01-row-7" },
    );
    expect(sent[0]?.headers.get("idempotency-key")).toBe("import-2025-01-01-row-7");
  });

  it("sends a typed Bedrock region map as its JSON text", async () => {
    server.use(
      http.post(`${API}/provider-keys`, () => HttpResponse.json(record(), { status: 201 })),
    );
    const regions = { "eu-west-1": fakeAwsRegion(), global: fakeAwsRegion() };

    await client.providerKeys.create({
      provider: "bedrock",
      name: "AWS",
      provider_key: regions,
      api_key_ids: ["key_staging"],
    });

    const body = (await bodyOf(0)) as { provider_key: string; api_key_ids: string[] };
    expect(typeof body.provider_key).toBe("string");
    expect(JSON.parse(body.provider_key)).toEqual(regions);
    expect(body.api_key_ids).toEqual(["key_staging"]);
  });

  it("accepts Bedrock credentials already given as JSON text", async () => {
    server.use(
      http.post(`${API}/provider-keys`, () => HttpResponse.json(record(), { status: 201 })),
    );
    const regions = { global: fakeAwsRegion() };

    await client.providerKeys.create({
      provider: "bedrock",
      name: "AWS",
      provider_key: JSON.stringify(regions),
    });

    const body = (await bodyOf(0)) as { provider_key: string };
    expect(JSON.parse(body.provider_key)).toEqual(regions);
  });
});

describe("what the other provider key calls send", () => {
  it("reads one key by its encoded id", async () => {
    server.use(http.get(`${API}/provider-keys/:id`, () => HttpResponse.json(record())));
    await client.providerKeys.get("pk 1/x");
    expect(sent[0]?.method).toBe("GET");
    expect(sent[0]?.url.pathname).toBe(`${ORG_PATH}/provider-keys/pk%201%2Fx`);
    expect(sent[0]?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });

  it("patches only the given fields, with If-Match as a quoted version", async () => {
    server.use(
      http.post(`${API}/provider-keys/pk_1`, () => HttpResponse.json(record({ version: 4 }))),
    );

    const updated = await client.providerKeys.update(
      "pk_1",
      { name: "renamed", active: false },
      { ifMatch: 3 },
    );

    expect(updated.version).toBe(4);
    expect(sent[0]?.method).toBe("POST");
    expect(sent[0]?.headers.get("if-match")).toBe('"3"');
    expect(sent[0]?.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await bodyOf(0)).toEqual({ name: "renamed", active: false });
  });

  it("passes an ETag given as ifMatch as is, and quotes a bare one", async () => {
    server.use(http.post(`${API}/provider-keys/pk_1`, () => HttpResponse.json(record())));
    await client.providerKeys.update("pk_1", { name: "a" }, { ifMatch: 'W/"7"' });
    await client.providerKeys.update("pk_1", { name: "b" }, { ifMatch: "7" });
    expect(sent.map((request) => request.headers.get("if-match"))).toEqual(['W/"7"', '"7"']);
  });

  it("sends no If-Match without ifMatch", async () => {
    server.use(http.post(`${API}/provider-keys/pk_1`, () => HttpResponse.json(record())));
    await client.providerKeys.update("pk_1", { api_key_ids: [] });
    expect(sent[0]?.headers.has("if-match")).toBe(false);
    expect(await bodyOf(0)).toEqual({ api_key_ids: [] });
  });

  it("sends a new Bedrock region map on update as JSON text", async () => {
    server.use(http.post(`${API}/provider-keys/pk_1`, () => HttpResponse.json(record())));
    const kept = { access_key_id: fakeAwsRegion().access_key_id };
    await client.providerKeys.update("pk_1", { provider_key: { "eu-west-1": kept } });
    const body = (await bodyOf(0)) as { provider_key: string };
    expect(JSON.parse(body.provider_key)).toEqual({ "eu-west-1": kept });
  });

  it("deletes by id and resolves with nothing", async () => {
    server.use(
      http.delete(`${API}/provider-keys/pk_1`, () => new HttpResponse(null, { status: 204 })),
    );
    await expect(client.providerKeys.delete("pk_1")).resolves.toBeUndefined();
    expect(sent[0]?.method).toBe("DELETE");
    expect(sent[0]?.url.pathname).toBe(`${ORG_PATH}/provider-keys/pk_1`);
  });

  it("deletes with If-Match when given ifMatch, and without it otherwise", async () => {
    server.use(
      http.delete(`${API}/provider-keys/pk_1`, () => new HttpResponse(null, { status: 204 })),
    );
    await client.providerKeys.delete("pk_1", { ifMatch: 3 });
    await client.providerKeys.delete("pk_1", { ifMatch: 'W/"4"' });
    await client.providerKeys.delete("pk_1");
    expect(sent.map((request) => request.headers.get("if-match"))).toEqual(['"3"', 'W/"4"', null]);
  });

  it("also resolves with nothing when the delete answers with a body", async () => {
    server.use(
      http.delete(`${API}/provider-keys/pk_1`, () =>
        HttpResponse.json({ id: "pk_1", object: "provider_key", deleted: true }),
      ),
    );
    await expect(client.providerKeys.delete("pk_1")).resolves.toBeUndefined();
  });

  it("sends list filters and paging as the query string", async () => {
    server.use(
      http.get(`${API}/provider-keys`, () =>
        HttpResponse.json({ object: "list", url: "/", has_more: false, last_key: null, data: [] }),
      ),
    );
    await client.providerKeys.list({
      provider: "bedrock",
      api_key_id: "key_staging",
      limit: 50,
      order_direction: "ASC",
      start_key: "pk_9",
    });
    expect(Object.fromEntries(sent[0]?.url.searchParams ?? [])).toEqual({
      provider: "bedrock",
      api_key_id: "key_staging",
      limit: "50",
      order_direction: "ASC",
      start_key: "pk_9",
    });
  });

  it("tests credentials by posting the provider and its key", async () => {
    server.use(
      http.post(`${API}/provider-keys/test`, () =>
        HttpResponse.json({ ok: true, status: "valid", message: "ok", latency_ms: 12 }),
      ),
    );
    const secret = fakeOpenAiKey();
    const result = await client.providerKeys.test({ provider: "openai", provider_key: secret });
    expect(result).toEqual({ ok: true, status: "valid", message: "ok", latency_ms: 12 });
    expect(await bodyOf(0)).toEqual({ provider: "openai", provider_key: secret });
  });

  it("tests a stored key with an empty POST to its test route", async () => {
    server.use(
      http.post(`${API}/provider-keys/pk_1/test`, () =>
        HttpResponse.json({
          ok: false,
          status: "invalid_credentials",
          message: "no",
          latency_ms: 5,
        }),
      ),
    );
    const result = await client.providerKeys.testStored("pk_1");
    expect(result.status).toBe("invalid_credentials");
    expect(sent[0]?.method).toBe("POST");
    expect(await sent[0]?.body).toBe("");
  });

  it("posts a resolve query with only the fields given", async () => {
    server.use(
      http.post(`${API}/provider-keys/resolve`, () =>
        HttpResponse.json({ status: "unassigned", explanation: "no key" }),
      ),
    );
    await client.providerKeys.resolve({ provider: "bedrock", region: "eu-west-1" });
    expect(await bodyOf(0)).toEqual({ provider: "bedrock", region: "eu-west-1" });
  });

  it("accepts any region for a provider other than Bedrock, and does not send it", async () => {
    server.use(
      http.post(`${API}/provider-keys/resolve`, () =>
        HttpResponse.json({ status: "unassigned", explanation: "no key" }),
      ),
    );
    await client.providerKeys.resolve({ provider: "google_vertex_ai", region: "europe-west4" });
    expect(await bodyOf(0)).toEqual({ provider: "google_vertex_ai" });
  });

  it("lists API keys from their own route", async () => {
    server.use(
      http.get(`${API}/api_keys`, () =>
        HttpResponse.json({
          object: "list",
          url: "/",
          has_more: false,
          last_key: null,
          data: [{ id: "key_1", name: "staging" }],
        }),
      ),
    );
    const page = await client.apiKeys.list({ limit: 10 });
    expect(page.data).toEqual([{ object: "ai_gateway_api_key", id: "key_1", name: "staging" }]);
    expect(sent[0]?.url.pathname).toBe(`${ORG_PATH}/api_keys`);
    expect(sent[0]?.url.searchParams.get("limit")).toBe("10");
  });
});

describe("input rejected before anything is sent", () => {
  const rejected: [string, () => Promise<unknown>][] = [
    [
      "a create without a name",
      () =>
        client.providerKeys.create({ provider: "openai", name: "", provider_key: fakeOpenAiKey() }),
    ],
    [
      "a create of an unknown provider",
      () =>
        client.providerKeys.create({
          provider: "nope" as "openai",
          name: "x",
          provider_key: fakeOpenAiKey(),
        }),
    ],
    [
      "a create with a malformed Bedrock map",
      () =>
        client.providerKeys.create({
          provider: "bedrock",
          name: "x",
          provider_key: { "mars-north-1": fakeAwsRegion() },
        }),
    ],
    [
      "a create with an unknown field",
      () =>
        client.providerKeys.create({
          provider: "openai",
          name: "x",
          provider_key: fakeOpenAiKey(),
          secret: "y",
        } as never),
    ],
    [
      "a create with an Idempotency-Key that is not a header value",
      () =>
        client.providerKeys.create(
          { provider: "openai", name: "x", provider_key: fakeOpenAiKey() },
          { idempotencyKey: "two\nlines" },
        ),
    ],
    [
      "an update with a 101-character name",
      () => client.providerKeys.update("pk_1", { name: "n".repeat(101) }),
    ],
    [
      "an update with a malformed ifMatch",
      () => client.providerKeys.update("pk_1", { name: "x" }, { ifMatch: -1 }),
    ],
    ["a get of an id that climbs out of its collection", () => client.providerKeys.get("..")],
    ["a delete of an empty id", () => client.providerKeys.delete("")],
    [
      "a delete with a malformed ifMatch",
      () => client.providerKeys.delete("pk_1", { ifMatch: "two words" }),
    ],
    ["a list page above 100", () => client.providerKeys.list({ limit: 101 }).then(() => {})],
    ["a list page of 0", () => client.providerKeys.list({ limit: 0 }).then(() => {})],
    [
      "a list in an unknown order",
      () => client.providerKeys.list({ order_direction: "asc" as "ASC" }).then(() => {}),
    ],
    ["an API key list page above 100", () => client.apiKeys.list({ limit: 500 }).then(() => {})],
    [
      "a test of a short API key",
      () => client.providerKeys.test({ provider: "openai", provider_key: "short" }),
    ],
    [
      "a resolve with a malformed region",
      () => client.providerKeys.resolve({ provider: "bedrock", region: "not a region" }),
    ],
    ["a call with a negative timeout", () => client.providerKeys.get("pk_1", { timeoutMs: -5 })],
  ];

  it.each(rejected)("%s is a ValidationError", async (_label, call) => {
    await expect(call()).rejects.toBeInstanceOf(ValidationError);
    expect(sent).toHaveLength(0);
  });

  it("iterating an invalid list rejects too", async () => {
    const iterate = async () => {
      for await (const _ of client.providerKeys.list({ limit: 1000 })) {
        // never reached
      }
    };
    await expect(iterate()).rejects.toBeInstanceOf(ValidationError);
    expect(sent).toHaveLength(0);
  });

  it("never quotes the rejected secret in the error", async () => {
    const secret = "sk-test-FAKE has a space";
    const error = await client.providerKeys
      .create({ provider: "openai", name: "x", provider_key: secret })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(String((error as Error).message)).not.toContain("has a space");
  });
});
