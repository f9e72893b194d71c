import { bearer, headerAuthValidator } from "./api-key-validator.js";
import { classifyByStatus, hasDataArray } from "./classify.js";

/**
 * Mistral: `GET /v1/models` with a bearer key and nothing else (its CORS allow-list is
 * strict). A wrong key is a 401 `{ message: "Unauthorized" }` or `{ detail: "Unauthorized" }`;
 * what a 403 means is unconfirmed, read as a refusal.
 */
export const mistralValidator = /* @__PURE__ */ headerAuthValidator<"mistral">({
  label: "Mistral",
  probeUrl: () => "https://api.mistral.ai/v1/models",
  authHeaders: bearer,
  classify: (response) => classifyByStatus("Mistral", response, hasDataArray),
});
