import { apiKeyProvider } from "./api-key-provider.js";

/** Mistral: one API key. Endpoints, errors and key formats: ../../shared/PROVIDERS.md. */
export const mistral = apiKeyProvider("mistral", "Mistral");
