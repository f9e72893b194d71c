import type { Fixture } from "./harness.js";

/**
 * Edgee's three error bodies. Each fixture answers `GET /provider-keys` (the route does not
 * matter to error parsing) with one documented body.
 */
const on = { method: "GET", path: "/provider-keys" } as const;

/** `{ error: "Unauthorized", message }`: the Console API setup page, 401. */
export const setupUnauthorized: Fixture = {
  source: "https://www.edgee.ai/docs/api-reference/console-api-setup",
  transcribed:
    'the 401 body verbatim: {"error":"Unauthorized","message":"Invalid or expired API token"}',
  kind: "documented",
  request: on,
  response: {
    status: 401,
    body: { error: "Unauthorized", message: "Invalid or expired API token" },
  },
};

/** The same page shows a 403 "likewise"; its exact message is not transcribed here. */
export const setupForbidden: Fixture = {
  source: "https://www.edgee.ai/docs/api-reference/console-api-setup",
  transcribed: "the 403 body's shape { error, message }; the message text is a placeholder",
  kind: "documented",
  request: on,
  response: {
    status: 403,
    body: { error: "Forbidden", message: "Access denied to this organization" },
  },
};

/** `{ error: { code, message } }`: the current errors page, its example verbatim. */
export const codeBadRequest: Fixture = {
  source: "https://www.edgee.ai/docs/api-reference/errors",
  transcribed:
    'the example body verbatim: {"error":{"code":"bad_model_id","message":"Invalid model ID: \'invalid-model\'"}}',
  kind: "documented",
  request: on,
  response: {
    status: 400,
    body: { error: { code: "bad_model_id", message: "Invalid model ID: 'invalid-model'" } },
  },
};

/** 429 is "always usage_limit_exceeded" on the current errors page. */
export const codeTooManyRequests: Fixture = {
  source: "https://www.edgee.ai/docs/api-reference/errors",
  transcribed: "status 429 and its code usage_limit_exceeded; the message text is a placeholder",
  kind: "documented",
  request: on,
  response: {
    status: 429,
    body: { error: { code: "usage_limit_exceeded", message: "Usage limit exceeded" } },
    headers: { "Retry-After": "7" },
  },
};

/**
 * 402: the older Console API errors page lists "402 Request Failed"; byokit's brief maps
 * Edgee's `usage_limit_exceeded` there too. The code on a 402 is inferred, not documented.
 */
export const paymentRequired: Fixture = {
  source: "https://www.edgee.cloud/docs/api-reference/errors",
  transcribed:
    "the status 402 from the older status table; the body is the current { code, message } shape",
  kind: "inferred",
  request: on,
  response: {
    status: 402,
    body: { error: { code: "usage_limit_exceeded", message: "Monthly usage limit reached" } },
  },
};

/** `{ error: { type, message, params } }`: the older Console API errors page. */
export const typedBadRequest: Fixture = {
  source: "https://www.edgee.cloud/docs/api-reference/errors",
  transcribed:
    "the shape and the type invalid_request_error, with params [{ param, message }]; the texts are placeholders",
  kind: "documented",
  request: on,
  response: {
    status: 400,
    body: {
      error: {
        type: "invalid_request_error",
        message: "Invalid parameters",
        params: [{ param: "name", message: "Must be at most 100 characters" }],
      },
    },
  },
};

/** `{ error: { type, message } }` with Edgee's 403 type. */
export const typedForbidden: Fixture = {
  source: "https://www.edgee.cloud/docs/api-reference/errors",
  transcribed: "the type forbidden_error; the message text is a placeholder",
  kind: "documented",
  request: on,
  response: { status: 403, body: { error: { type: "forbidden_error", message: "Not allowed" } } },
};
