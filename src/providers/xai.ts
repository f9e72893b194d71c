import { apiKeyProvider } from "./api-key-provider.js";

/** xAI: one API key. Endpoints, errors and key formats: ../../shared/PROVIDERS.md. */
export const xai = apiKeyProvider("xai", "xAI");
