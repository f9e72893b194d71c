import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/errors/api-error.js";
import { AuthenticationError } from "../../src/errors/authentication-error.js";
import { BadRequestError } from "../../src/errors/bad-request-error.js";
import { ByokError } from "../../src/errors/byok-error.js";
import { ConflictError } from "../../src/errors/conflict-error.js";
import { createApiError } from "../../src/errors/create-api-error.js";
import { ForbiddenError } from "../../src/errors/forbidden-error.js";
import { InternalServerError } from "../../src/errors/internal-server-error.js";
import { NotFoundError } from "../../src/errors/not-found-error.js";
import { PaymentRequiredError } from "../../src/errors/payment-required-error.js";
import { PreconditionFailedError } from "../../src/errors/precondition-failed-error.js";
import { RateLimitError } from "../../src/errors/rate-limit-error.js";
import { REDACTED } from "../../src/masking/redact.js";
import { expectNoLeak } from "../masking/leaks.js";
import { fakeAccessKeyId, fakeOpenAiKey } from "../providers/fixtures.js";

const request = { method: "POST", path: "/v1/organizations/org_1/provider-keys" } as const;

describe("createApiError", () => {
  it.each([
    [400, "invalid_request_error", BadRequestError],
    [400, "creation_error", BadRequestError],
    [401, "authentication_error", AuthenticationError],
    [403, "forbidden_error", ForbiddenError],
    [404, "not_found_error", NotFoundError],
    [409, "conflict_error", ConflictError],
    [412, "precondition_failed_error", PreconditionFailedError],
    [429, "rate_limit_error", RateLimitError],
    [500, "api_error", InternalServerError],
    [502, "api_error", InternalServerError],
    [503, "deletion_error", InternalServerError],
    [529, "overloaded_error", InternalServerError],
    [402, "usage_limit_exceeded", PaymentRequiredError],
    [418, "teapot", ApiError],
    [422, "update_error", ApiError],
  ] as const)("maps %i %s to %s", (status, type, ErrorClass) => {
    const error = createApiError({ ...request, status, type, detail: "x" });
    expect(error.constructor).toBe(ErrorClass);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(ByokError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(ErrorClass.name);
    expect(error).toMatchObject({ status, type, ...request });
  });

  it("makes a rate_limit_error a RateLimitError whatever its status", () => {
    const error = createApiError({ ...request, status: 400, type: "rate_limit_error", detail: "" });
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.status).toBe(400);
  });

  it("reads `METHOD path → status type: detail`", () => {
    const error = createApiError({
      ...request,
      status: 404,
      type: "not_found_error",
      detail: "No such provider key",
    });
    expect(error.message).toBe(
      "POST /v1/organizations/org_1/provider-keys → 404 not_found_error: No such provider key",
    );
  });

  it("ends at the type when there is no detail", () => {
    const error = createApiError({
      method: "GET",
      path: "/v1/x",
      status: 500,
      type: "api_error",
      detail: "",
    });
    expect(error.message).toBe("GET /v1/x → 500 api_error");
  });

  it("names the params after the detail, once", () => {
    const params = [
      { param: "name", message: "too long" },
      { param: "api_key_ids[0]", message: "unknown API key" },
    ];
    const error = createApiError({
      ...request,
      status: 400,
      type: "invalid_request_error",
      detail: "Invalid body",
      params,
    });
    expect(error.message).toBe(
      "POST /v1/organizations/org_1/provider-keys → 400 invalid_request_error: Invalid body (name: too long; api_key_ids[0]: unknown API key)",
    );
    expect(error.params).toEqual(params);
    expect(Object.isFrozen(error.params)).toBe(true);
    expect(Object.isFrozen(error.params[0])).toBe(true);

    const already = createApiError({
      ...request,
      status: 400,
      type: "invalid_request_error",
      detail: "name: too long",
      params: [params[0]!],
    });
    expect(already.message).toBe(
      "POST /v1/organizations/org_1/provider-keys → 400 invalid_request_error: name: too long",
    );
  });

  it("carries the request id, and no params when the server sent none", () => {
    const error = createApiError({
      ...request,
      status: 409,
      type: "conflict_error",
      detail: "Idempotency key reused",
      requestId: "req_123",
    });
    expect(error.requestId).toBe("req_123");
    expect(error.params).toEqual([]);
    expect(createApiError({ ...request, status: 409, type: "c", detail: "" }).requestId).toBe(
      undefined,
    );
  });

  it("gives a RateLimitError the server's Retry-After", () => {
    const error = createApiError({
      ...request,
      status: 429,
      type: "rate_limit_error",
      detail: "Slow down",
      retryAfterMs: 1500,
    });
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(1500);
    const without = createApiError({
      ...request,
      status: 429,
      type: "rate_limit_error",
      detail: "",
    });
    expect((without as RateLimitError).retryAfterMs).toBeUndefined();
  });

  it("redacts a key a server echoes in its detail, its params or its type", () => {
    const key = fakeOpenAiKey(800);
    const keyId = fakeAccessKeyId(801);
    const error = createApiError({
      ...request,
      status: 400,
      type: `invalid_request_error ${key}`,
      detail: `Incorrect API key provided: ${key}`,
      params: [{ param: "provider_key", message: `${keyId} is not valid` }],
    });
    expect(error.message).toContain(`Incorrect API key provided: ${REDACTED}`);
    expect(error.params).toEqual([{ param: "provider_key", message: `${REDACTED} is not valid` }]);
    expectNoLeak(error, [key, keyId]);
  });
});
