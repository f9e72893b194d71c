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
