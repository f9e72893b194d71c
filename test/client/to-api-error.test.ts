import { describe, expect, it } from "vitest";
import { safeRequestId, toApiError } from "../../src/client/to-api-error.js";
import { ApiError } from "../../src/errors/api-error.js";
import { InternalServerError } from "../../src/errors/internal-server-error.js";
import { RateLimitError } from "../../src/errors/rate-limit-error.js";
import { TimeoutError } from "../../src/errors/timeout-error.js";

const SECRET = "sk-test-Qm4Zr8Lw2Xc6Vb1Nt9Hy5Ks3Jd7Fg0Pa";
const PATH = "/v1/organizations/org_1/provider-keys";

function reply(status: number, body?: unknown, headers?: Record<string, string>): Response {
  const text = body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body);
  return new Response(text, { status, headers: headers ?? {} });
}

const errorOf = (response: Response, secrets: readonly string[] = [SECRET]) =>
  toApiError(response, "POST", PATH, secrets, 1000);

describe("toApiError: the error type when the body does not say", () => {
  it.each([
    [400, "invalid_request_error"],
    [401, "authentication_error"],
    [402, "usage_limit_exceeded"],
    [403, "forbidden_error"],
    [404, "not_found_error"],
    [409, "conflict_error"],
    [412, "precondition_failed_error"],
    [429, "rate_limit_error"],
    [418, "invalid_request_error"],
    [499, "invalid_request_error"],
    [500, "api_error"],
    [503, "api_error"],
  ])("a %i is %s", async (status, type) => {
    const error = await errorOf(reply(status, "<html>proxy error</html>"));
    expect(error.status).toBe(status);
    expect(error.type).toBe(type);
    expect(error.code).toBeUndefined();
    expect(error.message).toBe(`POST ${PATH} → ${status} ${type}`);
  });

  it("a 500 or more is an InternalServerError, a 429 a RateLimitError", async () => {
    expect(await errorOf(reply(500))).toBeInstanceOf(InternalServerError);
    expect(await errorOf(reply(429))).toBeInstanceOf(RateLimitError);
  });
});

describe("toApiError: Edgee's three error bodies", () => {
  it("reads { error: { type, message, params } }", async () => {
    const error = await errorOf(
      reply(400, {
        error: {
          type: "validation_error",
          message: "name is too long",
          params: [{ param: "name", message: "at most 100 characters" }],
        },
      }),
    );
    expect(error.type).toBe("validation_error");
    expect(error.params).toEqual([{ param: "name", message: "at most 100 characters" }]);
    expect(error.message).toBe(
      `POST ${PATH} → 400 validation_error: name is too long (name: at most 100 characters)`,
    );
  });

  it("reads { error: { code, message } }", async () => {
    const error = await errorOf(
      reply(402, { error: { code: "usage_limit_exceeded", message: "Add credit." } }),
    );
    expect(error.code).toBe("usage_limit_exceeded");
    expect(error.message).toBe(`POST ${PATH} → 402 usage_limit_exceeded: Add credit.`);
  });

  it('reads { error: "Unauthorized", message } with the message beside the error', async () => {
    const error = await errorOf(reply(401, { error: "Unauthorized", message: "Bad token." }));
    expect(error.type).toBe("authentication_error");
    expect(error.message).toBe(`POST ${PATH} → 401 authentication_error: Bad token.`);
  });

  it.each([
    ["a list as error", { error: ["x"] }],
    ["a null error", { error: null }],
    ["no error field", { message: "loose words" }],
    ["JSON null", "null"],
    ["a text body", "Bad Gateway"],
  ])("with %s, keeps the status alone", async (_, body) => {
    const error = await errorOf(reply(400, body));
    expect(error.message).toBe(`POST ${PATH} → 400 invalid_request_error`);
  });

  it("ignores a message that is not a string", async () => {
    const error = await errorOf(reply(400, { error: { message: 42 } }));
    expect(error.message).toBe(`POST ${PATH} → 400 invalid_request_error`);
  });

  it("cuts the server's message at 500 characters", async () => {
    const error = await errorOf(reply(400, { error: { message: `${"m".repeat(500)}TAIL` } }));
    expect(error.message).toBe(`POST ${PATH} → 400 invalid_request_error: ${"m".repeat(500)}`);
  });
});

describe("toApiError: nothing of the secret or of a malformed token gets through", () => {
  it.each([
    ["upper case", "Validation_Error"],
    ["a space", "bad type"],
    ["65 characters", "a".repeat(65)],
    ["empty", ""],
    ["a number", 400],
  ])("a type with %s falls back to the status's", async (_, type) => {
    const error = await errorOf(reply(409, { error: { type, code: type } }));
    expect(error.type).toBe("conflict_error");
    expect(error.code).toBeUndefined();
  });

  it("keeps a 64-character snake_case type", async () => {
    const type = "a".repeat(64);
    expect((await errorOf(reply(409, { error: { type } }))).type).toBe(type);
  });

  it("refuses a type or code holding a fragment of the secret", async () => {
    const secrets = ["abcdefghijkl_secret"];
    const error = await errorOf(
      reply(409, { error: { type: "defghi_type", code: "ijkl_se" } }),
      secrets,
    );
    expect(error.type).toBe("conflict_error");
    expect(error.code).toBeUndefined();
  });

  it("scrubs the secret from the message and from params", async () => {
    const error = await errorOf(
      reply(400, {
        error: {
          message: `bad key ${SECRET}`,
          params: [{ param: `provider_key ${SECRET}`, message: `is ${SECRET}` }],
        },
      }),
    );
    expect(JSON.stringify({ message: error.message, params: error.params })).not.toContain(
      SECRET.slice(8, 20),
    );
    expect(error.message).toContain("bad key [REDACTED]");
  });

  it("keeps at most 20 params, drops malformed ones, and cuts long ones", async () => {
    const params = [
      null,
      { param: "only_param" },
      { param: 1, message: "numeric param" },
      { param: "p".repeat(250), message: "x".repeat(600) },
      ...Array.from({ length: 30 }, (_, i) => ({ param: `field_${i}`, message: "wrong" })),
    ];
    const error = await errorOf(reply(400, { error: { params } }));
    expect(error.params).toHaveLength(17);
    expect(error.params[0]).toEqual({ param: "p".repeat(200), message: "x".repeat(500) });
    expect(error.params[1]).toEqual({ param: "field_0", message: "wrong" });
    expect(error.params.at(-1)).toEqual({ param: "field_15", message: "wrong" });
    const none = await errorOf(reply(400, { error: { params: { name: "wrong" } } }));
    expect(none.params).toEqual([]);
  });

  it("reads Retry-After of a 429", async () => {
    const error = await errorOf(reply(429, undefined, { "retry-after": "7" }));
    expect((error as RateLimitError).retryAfterMs).toBe(7000);
  });

  it("keeps a well-formed X-Request-Id", async () => {
    const error = await errorOf(reply(404, undefined, { "x-request-id": "req_123" }));
    expect(error.requestId).toBe("req_123");
    expect(error).toBeInstanceOf(ApiError);
  });

  it("gives up on a body that does not arrive in time: the status alone", async () => {
    const body = new ReadableStream<Uint8Array>({ start() {} });
    const error = await toApiError(new Response(body, { status: 503 }), "GET", PATH, [], 20);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(error.message).toBe(`GET ${PATH} → 503 api_error`);
  });
});

describe("safeRequestId", () => {
  it.each([
    ["req_abc-123", "req_abc-123"],
    ["!~", "!~"],
    ["r".repeat(200), "r".repeat(200)],
  ])("keeps %s", (value, kept) => {
    expect(safeRequestId(value, [])).toBe(kept);
  });

  it.each([
    ["empty", ""],
    ["a space", "req 1"],
    ["a control character", "req\u0001"],
    ["non-ASCII", "réq"],
    ["201 characters", "r".repeat(201)],
    ["a known credential shape", "sk-abcdefghijkl"],
  ])("drops one with %s", (_, value) => {
    expect(safeRequestId(value, [])).toBeUndefined();
  });

  it("drops one holding a fragment of what the call sent, and a missing one", () => {
    expect(safeRequestId("req_Qm4Zr8Lw", [SECRET])).toBeUndefined();
    expect(safeRequestId(null, [])).toBeUndefined();
    expect(safeRequestId(undefined, [])).toBeUndefined();
  });
});
