import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PreconditionFailedError,
  RateLimitError,
} from "../../src/errors/index.js";
import type { ProviderKey } from "../../src/providers/record.js";
import { fakeOpenAiKey } from "./fixtures.js";
import { API, apiError, record, sequence, testClient, useMockServer } from "./harness.js";

const { server, sent } = useMockServer();
const client = testClient();

const ok = () => HttpResponse.json(record());
const unavailable = () => apiError(503, "api_error", "try again");
const reset = () => HttpResponse.error();

describe("retries", () => {
  it("retries a 503 and returns the answer of the next attempt", async () => {
    server.use(http.get(`${API}/provider-keys/pk_1`, sequence(unavailable, ok)));
    await expect(client.providerKeys.get("pk_1")).resolves.toMatchObject({ id: "pk_1" });
    expect(sent).toHaveLength(2);
  });

  it("retries after a connection reset", async () => {
    server.use(http.get(`${API}/provider-keys/pk_1`, sequence(reset, ok)));
    await expect(client.providerKeys.get("pk_1")).resolves.toMatchObject({ id: "pk_1" });
    expect(sent).toHaveLength(2);
  });

  it.each([408, 429, 500, 502, 504])("retries a %i", async (status) => {
    server.use(
      http.get(
        `${API}/provider-keys/pk_1`,
        sequence(() => apiError(status, "api_error", "x"), ok),
      ),
    );
    await client.providerKeys.get("pk_1");
    expect(sent).toHaveLength(2);
  });

  it.each([
    [400, "invalid_request_error"],
    [401, "authentication_error"],
    [404, "not_found_error"],
    [409, "conflict_error"],
    [412, "precondition_failed_error"],
    [501, "api_error"],
  ])("does not retry a %i", async (status, type) => {
    server.use(http.get(`${API}/provider-keys/pk_1`, () => apiError(status, type, "no")));
    await expect(client.providerKeys.get("pk_1")).rejects.toMatchObject({ status });
    expect(sent).toHaveLength(1);
  });

  it.each([
    [409, "conflict_error"],
    [501, "api_error"],
  ])("does not retry a %i even when it carries a Retry-After", async (status, type) => {
    server.use(
      http.get(`${API}/provider-keys/pk_1`, () =>
        apiError(status, type, "no", { headers: { "retry-after": "1" } }),
      ),
    );
    await expect(client.providerKeys.get("pk_1")).rejects.toMatchObject({ status });
    expect(sent).toHaveLength(1);
  });

  it("stops after maxRetries and throws the last error", async () => {
    server.use(http.get(`${API}/provider-keys/pk_1`, unavailable));
    await expect(client.providerKeys.get("pk_1")).rejects.toBeInstanceOf(InternalServerError);
    expect(sent).toHaveLength(3);
  });

  it("gives up on a connection that keeps failing with a ConnectionError", async () => {
    server.use(http.get(`${API}/provider-keys/pk_1`, reset));
    const error = await client.providerKeys.get("pk_1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe(
      "GET /v1/organizations/org_1/provider-keys/pk_1… → network error or blocked by CORS",
    );
    expect(sent).toHaveLength(3);
  });

  it("lets a call's maxRetries beat the client's", async () => {
    server.use(http.get(`${API}/provider-keys/pk_1`, unavailable));
    await expect(client.providerKeys.get("pk_1", { maxRetries: 0 })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(sent).toHaveLength(1);
  });

  it("honours a client-wide maxRetries", async () => {
    server.use(http.get(`${API}/provider-keys/pk_1`, unavailable));
    await expect(testClient({ maxRetries: 4 }).providerKeys.get("pk_1")).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(sent).toHaveLength(5);
  });

  it("keeps the rate limit's Retry-After on the final RateLimitError", async () => {
    server.use(
      http.get(`${API}/provider-keys/pk_1`, () =>
        apiError(429, "rate_limit_error", "slow down", { headers: { "retry-after": "7" } }),
      ),
    );
    const error = await client.providerKeys
      .get("pk_1", { maxRetries: 0 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(7000);
  });
});

describe("creates that are retried", () => {
  it("sends the same Idempotency-Key on every attempt", async () => {
    server.use(
      http.post(
        `${API}/provider-keys`,
        sequence(unavailable, reset, () => HttpResponse.json(record(), { status: 201 })),
      ),
    );
    await client.providerKeys.create({
      provider: "openai",
      name: "a",
      provider_key: fakeOpenAiKey(),
    });

    expect(sent).toHaveLength(3);
    const keys = new Set(sent.map((request) => request.headers.get("idempotency-key")));
    expect(keys.size).toBe(1);
    const bodies = new Set(await Promise.all(sent.map((request) => request.body)));
    expect(bodies.size).toBe(1);
  });

  it("returns the first record when the answer to a create was lost, and makes only one", async () => {
    const stored = new Map<string, ProviderKey>();
    let attempts = 0;
    server.use(
      http.post(`${API}/provider-keys`, async ({ request }) => {
        attempts += 1;
        const key = request.headers.get("idempotency-key") ?? "";
        const earlier = stored.get(key);
        if (earlier) return HttpResponse.json(earlier, { status: 201 });
        const body = (await request.json()) as { name: string };
        stored.set(key, record({ id: `pk_${stored.size + 1}`, name: body.name }));
        // The server made the key, then the connection dropped before the answer arrived.
        return HttpResponse.error();
      }),
    );

    const created = await client.providerKeys.create({
      provider: "openai",
      name: "made once",
      provider_key: fakeOpenAiKey(),
    });

    expect(attempts).toBe(2);
    expect(stored.size).toBe(1);
    expect(created).toMatchObject({ id: "pk_1", name: "made once" });
  });
});

describe("updates that are retried", () => {
  const patched = () => HttpResponse.json(record({ name: "b", version: 2 }));

  it("retries an update without If-Match: setting the same fields twice is harmless", async () => {
    server.use(http.post(`${API}/provider-keys/pk_1`, sequence(reset, patched)));
    await expect(client.providerKeys.update("pk_1", { name: "b" })).resolves.toMatchObject({
      name: "b",
    });
    expect(sent).toHaveLength(2);
  });

  it("does not retry an If-Match update whose answer may have been lost", async () => {
    server.use(http.post(`${API}/provider-keys/pk_1`, sequence(reset, patched)));
    await expect(
      client.providerKeys.update("pk_1", { name: "b" }, { ifMatch: 1 }),
    ).rejects.toBeInstanceOf(ConnectionError);
    expect(sent).toHaveLength(1);
  });

  it("does not retry an If-Match update on a 503", async () => {
    server.use(http.post(`${API}/provider-keys/pk_1`, sequence(unavailable, patched)));
    await expect(
      client.providerKeys.update("pk_1", { name: "b" }, { ifMatch: 1 }),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect(sent).toHaveLength(1);
  });

  it("retries an If-Match update on a 429, which proves nothing was written", async () => {
    const limited = () => apiError(429, "rate_limit_error", "slow down");
    server.use(http.post(`${API}/provider-keys/pk_1`, sequence(limited, patched)));
    await expect(
      client.providerKeys.update("pk_1", { name: "b" }, { ifMatch: 1 }),
    ).resolves.toMatchObject({ version: 2 });
    expect(sent).toHaveLength(2);
    expect(sent.map((request) => request.headers.get("if-match"))).toEqual(['"1"', '"1"']);
  });
});

describe("deletes that are retried", () => {
  it("counts a 404 after a lost answer as deleted", async () => {
    let exists = true;
    server.use(
      http.delete(`${API}/provider-keys/pk_1`, () => {
        if (!exists) return apiError(404, "not_found_error", "no such provider key");
        exists = false;
        return HttpResponse.error();
      }),
    );
    await expect(client.providerKeys.delete("pk_1")).resolves.toBeUndefined();
    expect(sent).toHaveLength(2);
  });

  it("retries an If-Match delete whose answer was lost, and counts the 404 as deleted", async () => {
    let exists = true;
    server.use(
      http.delete(`${API}/provider-keys/pk_1`, () => {
        if (!exists) return apiError(404, "not_found_error", "no such provider key");
        exists = false;
        return unavailable();
      }),
    );
    await expect(client.providerKeys.delete("pk_1", { ifMatch: 1 })).resolves.toBeUndefined();
    expect(sent.map((request) => request.headers.get("if-match"))).toEqual(['"1"', '"1"']);
  });

  it.each([500, 502, 504])(
    "counts a 404 as deleted after a %i, whose gateway may have lost the server's answer",
    async (status) => {
      let exists = true;
      server.use(
        http.delete(`${API}/provider-keys/pk_1`, () => {
          if (!exists) return apiError(404, "not_found_error", "no such provider key");
          exists = false;
          return apiError(status, "api_error", "lost");
        }),
      );
      await expect(client.providerKeys.delete("pk_1")).resolves.toBeUndefined();
      expect(sent).toHaveLength(2);
    },
  );

  it("does not retry an If-Match delete refused as stale", async () => {
    server.use(
      http.delete(`${API}/provider-keys/pk_1`, () =>
        apiError(412, "precondition_failed_error", "the key changed"),
      ),
    );
    await expect(client.providerKeys.delete("pk_1", { ifMatch: 1 })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    expect(sent).toHaveLength(1);
  });

  it("still reports a 404 when no earlier attempt can have deleted the key", async () => {
    const limited = () => apiError(429, "rate_limit_error", "slow down");
    const missing = () => apiError(404, "not_found_error", "no such provider key");
    server.use(http.delete(`${API}/provider-keys/pk_1`, sequence(limited, missing)));
    await expect(client.providerKeys.delete("pk_1")).rejects.toBeInstanceOf(NotFoundError);
    expect(sent).toHaveLength(2);
  });
});
