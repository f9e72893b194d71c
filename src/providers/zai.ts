import { apiKeyProvider } from "./api-key-provider.js";

/** zAI: one API key. Endpoints, errors and key formats: ../../shared/PROVIDERS.md. */
export const zai = apiKeyProvider("zai", "zAI");
