import { bearer, headerAuthValidator } from "./api-key-validator.js";
import { answer, classifyByStatus, hasDataArray, rateLimited } from "./classify.js";
import { errorDetail, type ProviderResponse } from "./provider-response.js";
import type { CredentialStatus } from "./types.js";

const LABEL = "zAI";

/**
 * zAI business codes (docs.z.ai api-code), read before the HTTP status because some
 * endpoints put them inside a 200. The probe URL is UNCONFIRMED: OpenAI-like `GET /models`
 * on the international base (keys of open.bigmodel.cn are not probed there).
 */
const BUSINESS_CODES: Readonly<Record<number, CredentialStatus>> = {
  1000: "invalid_credentials",
  1001: "invalid_credentials",
  1002: "invalid_credentials",
  1003: "invalid_credentials",
  1004: "invalid_credentials",
  1113: "quota_exceeded",
  1220: "permission_denied",
  1302: "rate_limited",
  1303: "rate_limited",
  1305: "rate_limited",
};

/** zAI: `GET {base}/models` with a bearer key; the body's `error.code` decides. */
export const zaiValidator = /* @__PURE__ */ headerAuthValidator<"zai">({
  label: LABEL,
  probeUrl: () => "https://api.z.ai/api/paas/v4/models",
  authHeaders: bearer,
  classify: classifyZai,
});

function classifyZai(response: ProviderResponse) {
  const code = Number(errorDetail(response.body).code);
  const status = Number.isInteger(code) ? BUSINESS_CODES[code] : undefined;
  switch (status) {
    case "invalid_credentials":
      return answer(
        status,
        response,
        `${LABEL} rejected the key (code ${code}): check that it was copied whole and not expired, or create a new one.`,
      );
    case "permission_denied":
      return answer(
        status,
        response,
        `${LABEL} says the key may not use this API (code ${code}): check its permissions.`,
      );
    case "quota_exceeded":
      return answer(
        status,
        response,
        `${LABEL} says the balance is insufficient or the plan has expired (code ${code}): top up or renew.`,
      );
    case "rate_limited":
      return rateLimited(LABEL, response);
  }
  if (Number.isInteger(code) && response.status >= 200 && response.status < 300) {
    return answer(
      "unexpected_response",
      response,
      `${LABEL} answered with error code ${code}, which byokit does not know: read the provider's words, then test again.`,
    );
  }
  return classifyByStatus(LABEL, response, hasDataArray);
}
