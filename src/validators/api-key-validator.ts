import type { ProviderId } from "../providers/ids.js";
import { customHostRefused } from "./custom-host-refused.js";
import type { ProbeContext, ProbeOutcome } from "./probe-outcome.js";
import type { ProviderResponse } from "./provider-response.js";
import { type ProviderValidator, withHeaders } from "./provider-validator.js";
import { sendProbe } from "./send-probe.js";
import type { AuthorizeCredentials } from "./types.js";

/** The facts of a provider authenticated by headers alone, from its own module. */
export interface HeaderAuthSpec<P extends ProviderId> {
  readonly label: string;
  /** The URL of the cheapest `GET` that proves the credential works. */
  probeUrl(credentials: AuthorizeCredentials[P]): string;
  /** The headers that authenticate a request. */
  authHeaders(credentials: AuthorizeCredentials[P]): Record<string, string>;
  /** Headers the provider requires, set only when the request does not carry its own. */
  defaultHeaders?(): Record<string, string>;
  classify(response: ProviderResponse): ProbeOutcome;
  /**
   * For a probe URL built from stored data (Azure's `endpoint`): the hosts the key may be sent
   * to unless `network.allowCustomHosts`, and how a refusal names them ("an Azure OpenAI host (…)").
   */
  readonly providerHosts?: {
    readonly includes: (hostname: string) => boolean;
    readonly description: string;
  };
}

/** A validator for a provider whose requests are authorized by headers (API keys, Azure). */
export function headerAuthValidator<P extends ProviderId>(
  spec: HeaderAuthSpec<P>,
): ProviderValidator<P> {
  const headers = async (credentials: AuthorizeCredentials[P]) => ({
    ...spec.defaultHeaders?.(),
    ...spec.authHeaders(credentials),
  });
  const authorize = async (request: Request, credentials: AuthorizeCredentials[P]) => {
    // A default (anthropic-version) the request already carries is the caller's choice: kept.
    const defaults = Object.entries(spec.defaultHeaders?.() ?? {}).filter(
      ([name]) => !request.headers.has(name),
    );
    return withHeaders(request, {
      ...Object.fromEntries(defaults),
      ...spec.authHeaders(credentials),
    });
  };
  return {
    authorize,
    headers,
    probe: async (credentials, context: ProbeContext) => {
      const key = credentials as AuthorizeCredentials[P];
      const url = new URL(spec.probeUrl(key));
      const hosts = spec.providerHosts;
      if (hosts && !context.network.allowCustomHosts && !hosts.includes(url.hostname)) {
        return customHostRefused(url.host, hosts.description);
      }
      const request = await authorize(new Request(url), key);
      return sendProbe(spec.label, request, context, spec.classify);
    },
  };
}

/** `Authorization: Bearer KEY`, the scheme of the OpenAI-like providers. */
export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}
