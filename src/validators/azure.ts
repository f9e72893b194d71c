import { isAzureOpenAiHost } from "../providers/azure.js";
import { headerAuthValidator } from "./api-key-validator.js";
import { answer, classifyByStatus, hasDataArray } from "./classify.js";

const LABEL = "Azure OpenAI";
const API_VERSION = "2024-10-21";

/**
 * Azure OpenAI, best effort: `GET {endpoint}/openai/models?api-version=2024-10-21` with the
 * `api-key` header. A 404 means the endpoint is not an Azure OpenAI resource.
 */
export const azureValidator = /* @__PURE__ */ headerAuthValidator<"azure">({
  label: LABEL,
  probeUrl: ({ endpoint }) =>
    `${endpoint.replace(/\/+$/, "")}/openai/models?api-version=${API_VERSION}`,
  authHeaders: ({ api_key }) => ({ "api-key": api_key }),
  providerHosts: {
    includes: isAzureOpenAiHost,
    description:
      "an Azure OpenAI host (<resource>.openai.azure.com, .cognitiveservices.azure.com, .services.ai.azure.com, or a sovereign cloud's)",
  },
  classify: (response) =>
    response.status === 404
      ? answer(
          "unexpected_response",
          response,
          `${LABEL} has no model list at this endpoint (404): check that endpoint is the resource's https://<name>.openai.azure.com.`,
        )
      : classifyByStatus(LABEL, response, hasDataArray),
});
