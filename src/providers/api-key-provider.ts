import * as z from "zod/mini";
import { maskSecret } from "../masking/mask-secret.js";
import type { ProviderDefinition } from "./definition.js";
import type { ProviderId } from "./ids.js";

const API_KEY_CHARACTERS = /^[\x21-\x7e]+$/;

type ApiKeyProviderId = "anthropic" | "openai" | "mistral" | "deepseek" | "xai" | "zai";

/**
 * The schema of a plain API key. Formats are documented per provider, but byokit never rejects
 * a key on a format guess: only what cannot be a header value is refused.
 */
export const apiKeySchema = z.string({ error: "must be the API key, a string" }).check(
  // A too-short key is reported once, not also as "not printable" when it is empty.
  z.minLength(8, { error: "must be at least 8 characters", abort: true }),
  z.maxLength(1024, "must be at most 1024 characters"),
  z.regex(API_KEY_CHARACTERS, "must be printable ASCII with no spaces or line breaks"),
);

/**
 * What {@link apiKeySchema} accepts, without zod: the request path checks a key per call
 * (`authorizeRequest()`), and only a key that fails goes through the schema for its issues.
 */
export function isWellFormedApiKey(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length >= 8 &&
    value.length <= 1024 &&
    API_KEY_CHARACTERS.test(value)
  );
}

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
