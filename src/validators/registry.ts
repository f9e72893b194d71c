import type { ProviderId } from "../providers/ids.js";
import { anthropicValidator } from "./anthropic.js";
import { azureValidator } from "./azure.js";
import { bedrockValidator } from "./bedrock.js";
import { deepseekValidator } from "./deepseek.js";
import { googleVertexAiValidator } from "./google-vertex-ai.js";
import { mistralValidator } from "./mistral.js";
import { openaiValidator } from "./openai.js";
import type { ProviderValidator } from "./provider-validator.js";
import { xaiValidator } from "./xai.js";
import { zaiValidator } from "./zai.js";

/** The built-in validators, keyed by provider id. A provider missing here does not compile. */
export const builtInValidators: { readonly [P in ProviderId]-?: ProviderValidator<P> } = {
  anthropic: anthropicValidator,
  openai: openaiValidator,
  google_vertex_ai: googleVertexAiValidator,
  mistral: mistralValidator,
  deepseek: deepseekValidator,
  xai: xaiValidator,
  zai: zaiValidator,
  bedrock: bedrockValidator,
  azure: azureValidator,
};
