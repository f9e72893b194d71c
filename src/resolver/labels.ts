import type { ProviderId } from "../providers/ids.js";

/**
 * The providers the resolver indexes, in the order admin tools list them, with their labels as
 * the admin console shows them, for explanations ("Uses the AWS Bedrock key …"). A copy of the
 * providers catalog's ids and labels, because the catalog pulls zod and the resolver must stay
 * dependency-free (and small): the type makes it complete and a test keeps it equal.
 */
export const PROVIDER_LABELS: { readonly [P in ProviderId]: string } = {
  anthropic: "Anthropic",
  openai: "OpenAI",
  google_vertex_ai: "Google Vertex AI",
  mistral: "Mistral",
  deepseek: "DeepSeek",
  xai: "xAI",
  zai: "zAI",
  bedrock: "AWS Bedrock",
  azure: "Azure OpenAI",
};
