import { ValidationError } from "../errors/validation-error.js";
import { isWellFormedApiKey } from "../providers/api-key-provider.js";
import { isBedrockRegionKey } from "../providers/aws-regions.js";
import { isProviderId, PROVIDER_IDS, type ProviderId } from "../providers/ids.js";
import { parseProviderKey } from "../providers/parse-provider-key.js";
import { providers } from "../providers/registry.js";
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
  if (!isProviderId(provider)) {
    throw new ValidationError([
      { path: "provider", message: `must be one of ${PROVIDER_IDS.join(", ")}` },
    ]);
  }
  const checked =
    provider === "bedrock"
      ? checkedRegionEntry(credentials, options.region)
      : providers[provider].credentialKind === "api_key" && isWellFormedApiKey(credentials)
        ? credentials
        : parseProviderKey(provider, credentials, { path: "credentials" });
  const validator = builtInValidators[provider] as unknown as ProviderValidator<ProviderId>;
  return validator.authorize(request, checked as never, options);
}

/**
 * Region entries already checked, by the frozen object the caller passed (as `local.resolve()`
 * hands them out): their checked, frozen copy, so a gateway's every request neither checks
 * them again nor builds a new signer (sign-aws-request.ts caches signers by that copy).
 */
const checkedEntries = new WeakMap<object, unknown>();

/** Bedrock takes one region's entry; it is validated as that region of a credential map. */
function checkedRegionEntry(credentials: unknown, region: string | undefined): unknown {
  // The region is checked on every call: the entry is valid in any region, the key is not.
  if (typeof credentials === "object" && credentials !== null && isBedrockRegionKey(region)) {
    const known = checkedEntries.get(credentials);
    if (known !== undefined) return known;
  }
  if (region === undefined) {
    throw new ValidationError([
      {
        path: "options.region",
        message: "must be the AWS region code the request is for, such as eu-west-3",
      },
    ]);
  }
  const map = parseProviderKey("bedrock", { [region]: credentials }, { path: "credentials" });
  const entry = map[region];
  if (Object.isFrozen(credentials)) checkedEntries.set(credentials as object, Object.freeze(entry));
  return entry;
}
