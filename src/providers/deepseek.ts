import { apiKeyProvider } from "./api-key-provider.js";

/** DeepSeek: one API key. Endpoints, errors and key formats: ../../shared/PROVIDERS.md. */
export const deepseek = apiKeyProvider("deepseek", "DeepSeek");
