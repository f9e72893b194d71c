import { ValidationError } from "../errors/validation-error.js";
import { isWellFormedApiKey } from "../providers/api-key-provider.js";
import { isBedrockRegionKey } from "../providers/aws-regions.js";
import { isProviderId, PROVIDER_IDS } from "../providers/ids.js";
import { parseProviderKey } from "../providers/parse-provider-key.js";
import { providers } from "../providers/registry.js";

/**
 * The credentials `authorizeRequest()` and `authorizationHeaders()` were given, checked
 * (`ValidationError`, naming fields, never values): a provider id, then the provider's
 * `provider_key` shape, or for Bedrock one region's entry and the region. A well-formed API key
 * string and an already-checked frozen Bedrock entry (as `local.resolve()` hands them out) skip
 * the full parse: they are what a gateway passes on every request.
 */
export function checkedCredentials(
  provider: unknown,
  credentials: unknown,
  region: string | undefined,
): unknown {
  if (!isProviderId(provider)) {
    throw new ValidationError([
      { path: "provider", message: `must be one of ${PROVIDER_IDS.join(", ")}` },
    ]);
  }
  return provider === "bedrock"
    ? checkedRegionEntry(credentials, region)
    : providers[provider].credentialKind === "api_key" && isWellFormedApiKey(credentials)
      ? credentials
      : parseProviderKey(provider, credentials, { path: "credentials" });
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
