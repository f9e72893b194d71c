import { bearer, headerAuthValidator } from "./api-key-validator.js";
import { answer, classifyByStatus, hasDataArray } from "./classify.js";

const LABEL = "DeepSeek";

/** DeepSeek: `GET /models` with a bearer key; 402 is an insufficient balance. */
export const deepseekValidator = /* @__PURE__ */ headerAuthValidator<"deepseek">({
  label: LABEL,
  probeUrl: () => "https://api.deepseek.com/models",
  authHeaders: bearer,
  classify: (response) =>
    response.status === 402
      ? answer(
          "quota_exceeded",
          response,
          `${LABEL} says the balance is insufficient (402): top up the account on platform.deepseek.com.`,
        )
      : classifyByStatus(LABEL, response, hasDataArray),
});
