import type { ProviderId } from "./ids.js";

/** Human labels, dependency-free so the resolver can name providers in its explanations. */
export const PROVIDER_LABELS: { readonly [P in ProviderId]-?: string } = {
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
