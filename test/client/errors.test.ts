import { delay, HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  InternalServerError,
  NotFoundError,
  PreconditionFailedError,
  RateLimitError,
  TimeoutError,
} from "../../src/errors/index.js";
import { fakeOpenAiKey } from "./fixtures.js";
import { API, apiError, record, TOKEN, testClient, useMockServer } from "./harness.js";

const { server, sent } = useMockServer();
const client = testClient({ maxRetries: 0 });

describe("API errors", () => {
  it("never carry the console token, even when a server echoes it", async () => {
    server.use(
      http.get(`${API}/provider-keys/pk_1`, () =>
        HttpResponse.json(
          {
            error: {
              type: "authentication_error",
              message: `token ${TOKEN} is invalid`,
              params: [{ param: "authorization", message: `Bearer ${TOKEN}` }],
            },
          },
          { status: 401, headers: { "x-request-id": TOKEN } },
        ),
      ),
    );
    const error = await client.providerKeys.get("pk_1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    const fragment = TOKEN.slice(-10);
    expect((error as Error).message).not.toContain(fragment);
    expect(JSON.stringify(error)).not.toContain(fragment);
    expect((error as AuthenticationError).requestId).toBeUndefined();
  });

  it.each([
    [400, "invalid_request_error", BadRequestError],
    [401, "authentication_error", AuthenticationError],
    [403, "forbidden_error", ForbiddenError],
    [404, "not_found_error", NotFoundError],
    [409, "conflict_error", ConflictError],
    [412, "precondition_failed_error", PreconditionFailedError],
    [429, "rate_limit_error", RateLimitError],
    [500, "api_error", InternalServerError],
    [503, "api_error", InternalServerError],
    [422, "invalid_request_error", ApiError],
  ])("maps a %i %s to its class", async (status, type, ErrorClass) => {
    server.use(http.get(`${API}/provider-keys/pk_1`, () => apiError(status, type, "it failed")));
    const error = await client.providerKeys.get("pk_1").catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ status, type, requestId: "req_err_1" });
    expect((error as Error).message).toBe(
      `GET /v1/organizations/org_1/provider-keys/pk_1… → ${status} ${type}: it failed`,
    );
  });

  it("reads a creation_error by its status", async () => {
    server.use(
      http.post(`${API}/provider-keys`, () => apiError(400, "creation_error", "cannot create")),
    );
    const error = await client.providerKeys
      .create({ provider: "openai", name: "x", provider_key: fakeOpenAiKey() })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ type: "creation_error" });
  });

  it("names each bad field in the message and in params", async () => {
    server.use(
      http.post(`${API}/provider-keys`, () =>
        apiError(400, "invalid_request_error", "name: too long", {
          params: [{ param: "name", message: "too long" }],
        }),
      ),
    );
    const error = (await client.providerKeys
      .create({ provider: "openai", name: "x", provider_key: fakeOpenAiKey() })
      .catch((caught: unknown) => caught)) as BadRequestError;

    expect(error.message).toBe(
      "POST /v1/organizations/org_1/provider-keys → 400 invalid_request_error: name: too long",
    );
    expect(error.params).toEqual([{ param: "name", message: "too long" }]);
    expect(error.method).toBe("POST");
    expect(error.path).toBe("/v1/organizations/org_1/provider-keys");
  });

  it("types an error whose body is not JSON by its status alone, without quoting the body", async () => {
    server.use(
      http.get(
        `${API}/provider-keys/pk_1`,
        () => new HttpResponse("<html>Bad gateway at edge-7</html>", { status: 502 }),
      ),
    );
    const error = await client.providerKeys.get("pk_1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 502, type: "api_error", requestId: undefined });
    expect((error as Error).message).toBe(
      "GET /v1/organizations/org_1/provider-keys/pk_1… → 502 api_error",
    );
  });

  it("keeps the query string out of the message", async () => {
    server.use(
      http.get(`${API}/provider-keys`, () => apiError(400, "invalid_request_error", "bad")),
    );
    const error = await client.providerKeys.list({ start_key: "pk_secret_cursor" }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect((error as Error).message).toBe(
      "GET /v1/organizations/org_1/provider-keys → 400 invalid_request_error: bad",
    );
  });

  it("scrubs the secret it sent from a server message that echoes it", async () => {
    const secret = fakeOpenAiKey();
    server.use(
      http.post(`${API}/provider-keys/test`, () =>
        apiError(400, "invalid_request_error", `the key ${secret.slice(3)} is malformed`, {
          params: [{ param: "provider_key", message: `not ${secret}` }],
        }),
      ),
    );
    const error = (await client.providerKeys
      .test({ provider: "openai", provider_key: secret })
      .catch((caught: unknown) => caught)) as BadRequestError;

    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).not.toContain(secret.slice(8, 20));
    expect(JSON.stringify(error.params)).not.toContain(secret.slice(8, 20));
    expect(error.message).toContain("[REDACTED]");
  });

  it("reports a 2xx with a body that is not JSON as an unexpected response", async () => {
    server.use(http.get(`${API}/provider-keys/pk_1`, () => HttpResponse.text("hello")));
    const error = await client.providerKeys.get("pk_1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, type: "unexpected_response" });
  });

  it("reports a record without an id as an unexpected response naming the field", async () => {
    const { id: _id, ...withoutId } = record();
    server.use(http.get(`${API}/provider-keys/pk_1`, () => HttpResponse.json(withoutId)));
    const error = await client.providerKeys.get("pk_1").catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(
      "GET /v1/organizations/org_1/provider-keys/pk_1… → 200 unexpected_response: body.id must be a string",
    );
  });
});

describe("timeouts", () => {
  it("throws a TimeoutError when no answer comes in time, and does not retry it", async () => {
    server.use(
      http.get(`${API}/provider-keys/pk_1`, async () => {
        await delay(2000);
        return HttpResponse.json(record());
      }),
    );
    const error = await testClient({ timeoutMs: 50 })
      .providerKeys.get("pk_1")
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(
      "GET /v1/organizations/org_1/provider-keys/pk_1… → no answer within 50 ms",
    );
    expect(sent).toHaveLength(1);
  });

  it("lets a call's timeoutMs beat the client's", async () => {
    server.use(
      http.get(`${API}/provider-keys/pk_1`, async () => {
        await delay(2000);
        return HttpResponse.json(record());
      }),
    );
    const patient = testClient({ timeoutMs: 30_000 });
    await expect(patient.providerKeys.get("pk_1", { timeoutMs: 30 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
  });
});

describe("abort", () => {
  it("rejects with the signal's reason when the caller aborts a pending call", async () => {
    server.use(
      http.get(`${API}/provider-keys/pk_1`, async () => {
        await delay(2000);
        return HttpResponse.json(record());
      }),
    );
    const controller = new AbortController();
    const pending = client.providerKeys.get("pk_1", { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);

    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
    expect(sent).toHaveLength(1);
  });

  it("rejects with the caller's own reason, as is", async () => {
    server.use(
      http.get(`${API}/provider-keys/pk_1`, async () => {
        await delay(2000);
        return HttpResponse.json(record());
      }),
    );
    const controller = new AbortController();
    const reason = new Error("user navigated away");
    const pending = client.providerKeys.get("pk_1", { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });

  it("stops retrying when aborted during the backoff", async () => {
    server.use(http.get(`${API}/provider-keys/pk_1`, () => apiError(503, "api_error", "busy")));
    const controller = new AbortController();
    const slowBackoff = testClient({ retryDelayMs: 5000, maxRetryDelayMs: 5000 });
    const pending = slowBackoff.providerKeys.get("pk_1", { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);

    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(sent).toHaveLength(1);
  });

  it("sends nothing when the signal is already aborted", async () => {
    server.use(http.get(`${API}/provider-keys/pk_1`, () => HttpResponse.json(record())));
    const pending = client.providerKeys.get("pk_1", { signal: AbortSignal.abort() });
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(sent).toHaveLength(0);
  });

  it("aborts a page being fetched during iteration", async () => {
    server.use(
      http.get(`${API}/provider-keys`, async () => {
        await delay(2000);
        return HttpResponse.json({
          object: "list",
          url: "/",
          has_more: false,
          last_key: null,
          data: [],
        });
      }),
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const iterate = async () => {
      for await (const _ of client.providerKeys.list({}, { signal: controller.signal })) {
        // nothing arrives
      }
    };
    await expect(iterate()).rejects.toMatchObject({ name: "AbortError" });
  });
});
