import type { ProviderCredentials } from "../providers/credentials.js";
import type { ProviderId } from "../providers/ids.js";
import type { ProbeContext, ProbeOutcome } from "./probe-outcome.js";
import type { AwsRequestParts } from "./sign-aws-request.js";
import type { AuthorizeCredentials, AuthorizeRequestOptions } from "./types.js";

/**
 * Everything byokit knows about authenticating to one provider: how to authorize a request,
 * and the cheapest request that proves a credential works, with the classification of its
 * answer. The probe authorizes its request with `authorize`, so both stay in step.
 */
export interface ProviderValidator<P extends ProviderId> {
  authorize(
    request: Request,
    credentials: AuthorizeCredentials[P],
    options: AuthorizeRequestOptions,
  ): Promise<Request>;
  /**
   * The headers that authorize a request, for a caller that builds the request itself
   * (`authorizationHeaders()`). Bedrock signs the request given as `signing`.
   */
  headers?(
    credentials: AuthorizeCredentials[P],
    options: AuthorizeRequestOptions & { readonly signing?: AwsRequestParts },
  ): Promise<Record<string, string>>;
  probe(credentials: ProviderCredentials[P], context: ProbeContext): Promise<ProbeOutcome>;
}

/** A copy of `request` with `headers` set (replacing any value of the same name). */
export function withHeaders(request: Request, headers: Readonly<Record<string, string>>): Request {
  const merged = new Headers(request.headers);
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  return new Request(request, { headers: merged });
}
