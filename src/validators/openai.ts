import { bearer, headerAuthValidator } from "./api-key-validator.js";
import { answer, classifyByStatus, hasDataArray } from "./classify.js";
import { errorDetail, type ProviderResponse } from "./provider-response.js";

const LABEL = "OpenAI";

/**
 * OpenAI: `GET /v1/models` with a bearer key. A restricted key without the models scope gets
 * a 401 (sometimes 403) "insufficient permissions … Missing scopes" with `code: null`: the key
 * is real, so that is `permission_denied`. A 429 `insufficient_quota` is billing, not rate.
 */
export const openaiValidator = /* @__PURE__ */ headerAuthValidator<"openai">({
  label: LABEL,
  probeUrl: () => "https://api.openai.com/v1/models",
  authHeaders: bearer,
  classify: classifyOpenAi,
});

function classifyOpenAi(response: ProviderResponse) {
  const { message = "", type, code } = errorDetail(response.body);
  const { status } = response;
  if (
    (status === 401 || status === 403) &&
    /insufficient permissions|missing scopes/i.test(message)
  ) {
    return answer(
      "permission_denied",
      response,
      `${LABEL} accepted the key but it may not list models (a restricted key): allow "Models: Read" on the key, or use a key with all permissions.`,
    );
  }
  if (status === 403 && /country, region, or territory/i.test(message)) {
    return answer(
      "permission_denied",
      response,
      `${LABEL} does not serve the country this request came from (403); the key was not checked: test from a supported region.`,
    );
  }
  if (status === 429 && (code === "insufficient_quota" || type === "insufficient_quota")) {
    return answer(
      "quota_exceeded",
      response,
      `${LABEL} says the account has run out of quota: add credit or raise the limit in the billing settings.`,
    );
  }
  return classifyByStatus(LABEL, response, hasDataArray);
}
