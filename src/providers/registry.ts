import { anthropic } from "./anthropic.js";
import { azure } from "./azure.js";
import { bedrock } from "./bedrock.js";
import { deepseek } from "./deepseek.js";
import type { ProviderDefinition } from "./definition.js";
import { google_vertex_ai } from "./google-vertex-ai.js";
import type { ProviderId } from "./ids.js";
import { mistral } from "./mistral.js";
import { openai } from "./openai.js";
import { xai } from "./xai.js";
import { zai } from "./zai.js";

/** The providers catalog, keyed by provider id. A provider missing here does not compile. */
export const providers: { readonly [P in ProviderId]-?: ProviderDefinition<P> } = {
  anthropic,
  openai,
  google_vertex_ai,
  mistral,
  deepseek,
  xai,
  zai,
  bedrock,
  azure,
};
