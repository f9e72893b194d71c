import { ValidationError } from "../errors/validation-error.js";
import type { ProviderId } from "../providers/ids.js";
import { checkedCredentials } from "./checked-credentials.js";
import type { ProviderValidator } from "./provider-validator.js";
import { builtInValidators } from "./registry.js";
import type { AuthorizeCredentials, AuthorizeRequestOptions } from "./types.js";

/** The providers whose requests are authorized by headers alone: every one but Bedrock. */
export type HeaderAuthorizedProvider = Exclude<ProviderId, "bedrock">;

/**
 * The headers that authorize a request to `provider` with resolved credentials, for a gateway
 * that builds its upstream request itself: the same headers `authorizeRequest()` sets
 * (`authorization: Bearer …`; Anthropic's `x-api-key` and `anthropic-version`; Azure's
 * `api-key`; a cached Google access token for Vertex AI), without copying a `Request`, which
 * in Node costs several times building one. Bedrock signs the method, URL and body, so it
 * has no headers of its own: use `authorizeRequest()` (a `ValidationError` says so).
 *
 * The headers hold the secret: put them only on a request to the provider's own host, and
 * send it with `redirect: "manual"` (or `"error"`).
 *
 * @example
 * const { credentials } = await local.resolve({ provider: "openai", api_key_id: "key_prod" });
 * const response = await fetch("https://api.openai.com/v1/chat/completions", {
 *   method: "POST",
 *   headers: { "content-type": "application/json", ...(await authorizationHeaders("openai", credentials)) },
 *   body,
 *   redirect: "manual",
 * });
 */
export async function authorizationHeaders<P extends HeaderAuthorizedProvider>(
  provider: P,
  credentials: AuthorizeCredentials[P],
  options: Omit<AuthorizeRequestOptions, "region"> = {},
): Promise<Record<string, string>> {
  if ((provider as ProviderId) === "bedrock") {
    throw new ValidationError([
      {
        path: "provider",
        message:
          "bedrock signs the whole request (method, URL and body) with SigV4: use authorizeRequest()",
      },
    ]);
  }
  const checked = checkedCredentials(provider, credentials, undefined);
  const validator = builtInValidators[provider] as unknown as ProviderValidator<ProviderId>;
  // Every built-in validator but Bedrock's has headers().
  return validator.headers!(checked as never, options);
}
