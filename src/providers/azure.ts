import * as z from "zod/mini";
import { maskSecret } from "../masking/mask-secret.js";
import { apiKeySchema } from "./api-key-provider.js";
import type { AzureCredentials } from "./credentials.js";
import type { ProviderDefinition } from "./definition.js";
import { httpsUrl } from "./https-url.js";
import { objectError } from "./object-error.js";

const azureSchema = z.strictObject(
  { endpoint: httpsUrl, api_key: apiKeySchema },
  objectError("must be an object { endpoint, api_key }"),
);

/**
 * The hosts Azure OpenAI resources live on, one subdomain per resource (`<name>.<suffix>`).
 * Credential tests send the key only there unless custom hosts are allowed (an APIM gateway).
 * Sources: learn.microsoft.com (Azure OpenAI endpoints, `*.openai.azure.com`; AI Services
 * resources, `*.cognitiveservices.azure.com`; AI Foundry, `*.services.ai.azure.com`) —
 * documented. Azure Government: `*.openai.azure.us` (documented, Azure OpenAI in Azure
 * Government), `*.cognitiveservices.azure.us` (documented for AI services in Azure
 * Government), `*.services.ai.azure.us` UNCONFIRMED. Azure operated by 21Vianet (China):
 * `*.openai.azure.cn`, `*.cognitiveservices.azure.cn` and `*.services.ai.azure.cn` UNCONFIRMED
 * (inferred from the `.azure.cn` naming of its other services).
 */
export const AZURE_OPENAI_HOST_SUFFIXES = [
  "openai.azure.com",
  "cognitiveservices.azure.com",
  "services.ai.azure.com",
  "openai.azure.us",
  "cognitiveservices.azure.us",
  "services.ai.azure.us",
  "openai.azure.cn",
  "cognitiveservices.azure.cn",
  "services.ai.azure.cn",
] as const;

/** A resource name: letters, digits and hyphens, not at either end (Azure's custom subdomain rule). */
const RESOURCE_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * True when `hostname` is an Azure OpenAI resource host: exactly one label before one of
 * {@link AZURE_OPENAI_HOST_SUFFIXES}.
 *
 * @example
 * isAzureOpenAiHost("my-resource.openai.azure.com"); // true
 * isAzureOpenAiHost("openai.azure.com.attacker.example"); // false
 */
export function isAzureOpenAiHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return AZURE_OPENAI_HOST_SUFFIXES.some((suffix) => {
    if (!host.endsWith(`.${suffix}`)) return false;
    return RESOURCE_LABEL.test(host.slice(0, -suffix.length - 1));
  });
}

/** Azure OpenAI: a resource endpoint and its key. Edgee's API has it; the seed does not. */
export const azure: ProviderDefinition<"azure"> = {
  id: "azure",
  label: "Azure OpenAI",
  credentialKind: "azure",
  schema: azureSchema as z.ZodMiniType<AzureCredentials>,
  updateSchema: azureSchema,
  preview: ({ endpoint, api_key }) => ({ type: "azure", endpoint, key: maskSecret(api_key) }),
  secretsOf: ({ api_key }) => [api_key],
};
