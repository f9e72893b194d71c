import { headerAuthValidator } from "./api-key-validator.js";
import { answer, classifyByStatus, hasDataArray, rateLimited } from "./classify.js";
import { errorDetail, type ProviderResponse } from "./provider-response.js";
import { isNodeRuntime } from "./runtime.js";

const LABEL = "Anthropic";
const API_VERSION = "2023-06-01";

/**
 * Anthropic: `GET /v1/models` with `x-api-key` and the required `anthropic-version` (a
 * request's own `anthropic-version` is kept). In a browser Anthropic answers CORS only with
 * `anthropic-dangerous-direct-browser-access: true`, which is therefore sent outside Node.
 */
export const anthropicValidator = /* @__PURE__ */ headerAuthValidator<"anthropic">({
  label: LABEL,
  probeUrl: () => "https://api.anthropic.com/v1/models",
  authHeaders: (key) => ({ "x-api-key": key }),
  defaultHeaders: () => ({
    "anthropic-version": API_VERSION,
    ...(isNodeRuntime() ? {} : { "anthropic-dangerous-direct-browser-access": "true" }),
  }),
  classify: classifyAnthropic,
});

function classifyAnthropic(response: ProviderResponse) {
  const { type, message = "" } = errorDetail(response.body);
  switch (type) {
    case "authentication_error":
      return answer(
        "invalid_credentials",
        response,
        `${LABEL} rejected the key: check that it was copied whole and not revoked, or create a new one in the Console.`,
      );
    case "permission_error":
      return answer(
        "permission_denied",
        response,
        `${LABEL} accepted the key but refused the request: check the key's workspace and the organization's permissions.`,
      );
    case "rate_limit_error":
      return rateLimited(LABEL, response);
    case "billing_error":
      return answer(
        "quota_exceeded",
        response,
        `${LABEL} reports a billing problem: add credit or check the plan in the Console.`,
      );
    case "overloaded_error":
      return answer(
        "unexpected_response",
        response,
        `${LABEL} is overloaded (${response.status}); nothing is known about the key: test again in a few minutes.`,
      );
  }
  if (/credit balance is too low/i.test(message)) {
    return answer(
      "quota_exceeded",
      response,
      `${LABEL} says the credit balance is too low: add credit in the Console's billing settings.`,
    );
  }
  return classifyByStatus(LABEL, response, hasDataArray);
}
