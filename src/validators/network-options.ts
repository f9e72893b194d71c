import { ValidationError } from "../errors/validation-error.js";
import type { NetworkOptions } from "./types.js";

/**
 * `options.network` checked: each allowance is on only when it is exactly `true`, so a
 * mistyped value (`"false"`, `1`) can never open the network. Anything but an object is refused.
 */
export function normalizeNetwork(network: unknown, path = "options.network"): NetworkOptions {
  if (network === undefined) return { allowCustomHosts: false, allowPrivateNetworks: false };
  if (typeof network !== "object" || network === null || Array.isArray(network)) {
    throw new ValidationError([
      { path, message: "must be an object { allowCustomHosts?, allowPrivateNetworks? }" },
    ]);
  }
  const { allowCustomHosts, allowPrivateNetworks } = network as NetworkOptions;
  for (const [name, value] of Object.entries({ allowCustomHosts, allowPrivateNetworks })) {
    if (value !== undefined && typeof value !== "boolean") {
      throw new ValidationError([{ path: `${path}.${name}`, message: "must be true or false" }]);
    }
  }
  return {
    allowCustomHosts: allowCustomHosts === true,
    allowPrivateNetworks: allowPrivateNetworks === true,
  };
}
