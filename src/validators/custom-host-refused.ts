import type { ProbeOutcome } from "./probe-outcome.js";

/**
 * The outcome of a probe not sent because a URL built from the credential (an Azure
 * `endpoint`, a Vertex `token_uri`) names a host that is not the provider's own. `expected`
 * says what it should be: "an Azure OpenAI host (…)".
 */
export function customHostRefused(host: string, expected: string): ProbeOutcome {
  return {
    status: "network_error",
    message: `byokit did not send the key to ${host}: it is not ${expected}; the key was not checked. If it is your own gateway or proxy, allow custom hosts (network.allowCustomHosts, or byokit serve --allow-custom-hosts).`,
  };
}
