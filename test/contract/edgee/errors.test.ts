/**
 * Contract: every error body Edgee documents becomes the right typed error, keeping Edgee's
 * message, `code`/`type` and `params`; byokit's local backend answers errors in one of those
 * documented shapes.
 */
import { describe, expect, it } from "vitest";
import { createClient } from "../../../src/client/create-client.js";
import {
  type ApiError,
  AuthenticationError,
  BadRequestError,
  ForbiddenError,
  PaymentRequiredError,
  RateLimitError,
} from "../../../src/errors/index.js";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import { memoryStore } from "../../../src/local/memory-store.js";
import {
  codeBadRequest,
  codeTooManyRequests,
  paymentRequired,
  setupForbidden,
  setupUnauthorized,
  typedBadRequest,
  typedForbidden,
} from "./errors.fixtures.js";
import {
  type Fixture,
  orgPath,
  reach,
  shapeDifferences,
  shapeOf,
  TOKEN,
  TRANSPORTS,
} from "./harness.js";

const cases: [
  Fixture,
  new (...args: never[]) => ApiError,
  Partial<ApiError> & { message: string },
][] = [
  [
    setupUnauthorized,
    AuthenticationError,
    {
      status: 401,
      type: "authentication_error",
      code: undefined,
      message: "Invalid or expired API token",
    },
  ],
  [
    setupForbidden,
    ForbiddenError,
    {
      status: 403,
      type: "forbidden_error",
      code: undefined,
      message: "Access denied to this organization",
    },
  ],
  [
    codeBadRequest,
    BadRequestError,
    { status: 400, code: "bad_model_id", message: "Invalid model ID: 'invalid-model'" },
  ],
  [
    codeTooManyRequests,
    RateLimitError,
    { status: 429, code: "usage_limit_exceeded", message: "Usage limit exceeded" },
  ],
  [
    paymentRequired,
    PaymentRequiredError,
    { status: 402, code: "usage_limit_exceeded", message: "Monthly usage limit reached" },
  ],
  [
    typedBadRequest,
    BadRequestError,
    { status: 400, type: "invalid_request_error", code: undefined, message: "Invalid parameters" },
  ],
  [
    typedForbidden,
    ForbiddenError,
    { status: 403, type: "forbidden_error", code: undefined, message: "Not allowed" },
  ],
];

describe.each(TRANSPORTS)("the client reads Edgee's error bodies (%s)", (transport) => {
  it.each(cases)("%#: %o", async (fixture, ErrorClass, expected) => {
    const { options, close } = await reach([fixture], transport);
    try {
      const error = await createClient(options)
        .providerKeys.list()
        .then(
          () => undefined,
          (reason: unknown) => reason,
        );
      expect(error).toBeInstanceOf(ErrorClass);
      const { message, ...fields } = expected;
      expect(error).toMatchObject(fields);
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).not.toContain(TOKEN);
      if (fixture === typedBadRequest) {
        expect((error as ApiError).params).toEqual([
          { param: "name", message: "Must be at most 100 characters" },
        ]);
      }
      if (fixture === codeTooManyRequests) {
        expect((error as RateLimitError).retryAfterMs).toBe(7000);
      }
    } finally {
      await close();
    }
  });
});

describe("the local backend's errors have a documented shape", () => {
  it("401 and 404 answer { error: { type, message } }", async () => {
    const local = createLocalBackend({ store: memoryStore(), token: TOKEN });
    const unauthorized = await local.fetch(`http://localhost${orgPath("/provider-keys")}`, {
      headers: { Authorization: "Bearer wrong" },
    });
    expect(unauthorized.status).toBe(401);
    const body = await unauthorized.json();
    expect(shapeDifferences(shapeOf({ error: { type: "", message: "" } }), shapeOf(body))).toEqual(
      [],
    );
    const missing = await local.fetch(`http://localhost${orgPath("/provider-keys/pk_none")}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(missing.status).toBe(404);
    expect(
      shapeDifferences(shapeOf(typedForbidden.response.body), shapeOf(await missing.json())),
    ).toEqual([]);
  });
});
