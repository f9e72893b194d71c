import { apiKeyProvider } from "./api-key-provider.js";

/** Anthropic: one API key. Endpoints, errors and key formats: ../../shared/PROVIDERS.md. */
export const anthropic = apiKeyProvider("anthropic", "Anthropic");
