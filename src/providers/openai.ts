import { apiKeyProvider } from "./api-key-provider.js";

/** OpenAI: one API key. Endpoints, errors and key formats: ../../shared/PROVIDERS.md. */
export const openai = apiKeyProvider("openai", "OpenAI");
