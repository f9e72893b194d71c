import type { ProviderId } from "../providers/ids.js";
import { checkedCredentials } from "./checked-credentials.js";
import type { ProviderValidator } from "./provider-validator.js";
import { builtInValidators } from "./registry.js";
import type { AuthorizeCredentials, AuthorizeRequestOptions } from "./types.js";

/**
 * Returns a copy of `request` authorized for `provider` with resolved credentials: the API-key
 * header (`Authorization: Bearer`, Anthropic's `x-api-key` + `anthropic-version`, Azure's
 * `api-key`), a SigV4 signature for Bedrock (one region's entry, `options.region`), or a
 * cached Google access token for Vertex AI (its token request goes through `options.fetch`).
 * The credentials are validated first (`ValidationError`, nothing sent). Credential tests
 * authorize their probes with this same code.
 *
 * Redirects: send the returned request with `redirect: "manual"` (or `"error"`), never
 * following a redirect with its headers: `fetch` would carry the key, the signature or the
 * session token to wherever a provider or a proxy on the way points it. Vertex's own token
 * request never follows one, goes only to Google's token endpoint unless
 * `options.network.allowCustomHosts`, and (in Node, without `options.fetch`) never to a private
 * address unless `options.network.allowPrivateNetworks`.
 *
 * @example
 * const { credentials, region } = await local.resolve({ provider: "bedrock", region: "eu-west-3" });
 * const signed = await authorizeRequest("bedrock", new Request(url, { method: "POST", body }), credentials, { region: "eu-west-3" });
 * await fetch(signed, { redirect: "manual" });
 */
export async function authorizeRequest<P extends ProviderId>(
  provider: P,
  request: Request,
  credentials: AuthorizeCredentials[P],
  options: AuthorizeRequestOptions = {},
): Promise<Request> {
  const checked = checkedCredentials(provider, credentials, options.region);
  const validator = builtInValidators[provider] as unknown as ProviderValidator<ProviderId>;
  return validator.authorize(request, checked as never, options);
}
