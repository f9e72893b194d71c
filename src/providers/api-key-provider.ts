import * as z from "zod/mini";
import { maskSecret } from "../masking/mask-secret.js";
import type { ProviderDefinition } from "./definition.js";
import type { ProviderId } from "./ids.js";

type ApiKeyProviderId = "anthropic" | "openai" | "mistral" | "deepseek" | "xai" | "zai";

/**
 * The schema of a plain API key. Formats are documented per provider, but byokit never rejects
 * a key on a format guess: only what cannot be a header value is refused.
 */
export const apiKeySchema = z.string({ error: "must be the API key, a string" }).check(
  // A too-short key is reported once, not also as "not printable" when it is empty.
  z.minLength(8, { error: "must be at least 8 characters", abort: true }),
  z.maxLength(1024, "must be at most 1024 characters"),
  z.regex(/^[\x21-\x7e]+$/, "must be printable ASCII with no spaces or line breaks"),
);

/** The definition shared by the providers whose credential is one API key string. */
export function apiKeyProvider<P extends ApiKeyProviderId & ProviderId>(
  id: P,
  label: string,
): ProviderDefinition<P> {
  return {
    id,
    label,
    credentialKind: "api_key",
    schema: apiKeySchema as unknown as ProviderDefinition<P>["schema"],
    updateSchema: apiKeySchema,
    preview: (key) => ({ type: "api_key", key: maskSecret(key as string) }),
    secretsOf: (key) => [key as string],
  };
}
