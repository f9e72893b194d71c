import { bearer, headerAuthValidator } from "./api-key-validator.js";
import { answer, classifyByStatus } from "./classify.js";
import { errorDetail, isObject, type ProviderResponse } from "./provider-response.js";

const LABEL = "xAI";

/**
 * xAI: `GET /v1/api-key` describes the key itself, so a blocked or disabled key (which a
 * model listing might still let through) is caught. xAI answers a wrong key with **400**
 * "Incorrect API key provided" (401 only when the header is missing or malformed).
 */
export const xaiValidator = /* @__PURE__ */ headerAuthValidator<"xai">({
  label: LABEL,
  probeUrl: () => "https://api.x.ai/v1/api-key",
  authHeaders: bearer,
  classify: classifyXai,
});

function classifyXai(response: ProviderResponse) {
  const { status, body } = response;
  const { message = "" } = errorDetail(body);
  if (status >= 200 && status < 300 && isApiKeyDescription(body)) {
    if (body.api_key_disabled === true) {
      return answer(
        "invalid_credentials",
        response,
        `${LABEL} says this key is disabled: enable it, or create a new one, in console.x.ai.`,
      );
    }
    if (body.api_key_blocked === true) {
      return answer(
        "invalid_credentials",
        response,
        `${LABEL} says this key is blocked: create a new one in console.x.ai.`,
      );
    }
    if (body.team_blocked === true) {
      return answer(
        "permission_denied",
        response,
        `${LABEL} says the key's team is blocked: check the team's status and billing in console.x.ai.`,
      );
    }
  }
  if (status === 400 && /incorrect api key|invalid api key/i.test(message)) {
    return answer(
      "invalid_credentials",
      response,
      `${LABEL} rejected the key: check that it was copied whole, or create a new one in console.x.ai.`,
    );
  }
  if (status === 403 && /credits|spending limit|billing/i.test(message)) {
    return answer(
      "quota_exceeded",
      response,
      `${LABEL} says the team has no credits left: buy credits or raise the spending limit in console.x.ai.`,
    );
  }
  return classifyByStatus(LABEL, response, isApiKeyDescription);
}

interface ApiKeyDescription {
  readonly api_key_blocked?: unknown;
  readonly api_key_disabled?: unknown;
  readonly team_blocked?: unknown;
}

/** The body of `GET /v1/api-key`: an object naming the key and its flags. */
function isApiKeyDescription(body: unknown): body is ApiKeyDescription {
  return (
    isObject(body) &&
    ("api_key_id" in body || "redacted_api_key" in body) &&
    ["api_key_blocked", "api_key_disabled", "team_blocked"].every(
      (flag) => body[flag] === undefined || typeof body[flag] === "boolean",
    )
  );
}
