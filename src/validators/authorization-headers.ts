import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import type { ProviderId } from "../providers/ids.js";
import { checkedCredentials } from "./checked-credentials.js";
import type { ProviderValidator } from "./provider-validator.js";
import { builtInValidators } from "./registry.js";
import type { AwsRequestParts } from "./sign-aws-request.js";
import type { AuthorizeCredentials, AuthorizeRequestOptions } from "./types.js";

/** The request a Bedrock signature covers, as values: send exactly these. */
export interface RequestToSign {
  readonly method: string;
  readonly url: string | URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/**
 * Options of `authorizationHeaders()`: Bedrock's signature covers the request, so it takes
 * the region and the request; Vertex AI takes what its token request needs.
 */
export type AuthorizationHeadersOptions<P extends ProviderId> = P extends "bedrock"
  ? { readonly region: string; readonly request: RequestToSign }
  : Omit<AuthorizeRequestOptions, "region">;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The headers that authorize a request to `provider` with resolved credentials, for a gateway
 * that builds its upstream request itself: what `authorizeRequest()` would add
 * (`authorization: Bearer …`; Anthropic's `x-api-key` and `anthropic-version`; Azure's
 * `api-key`; a cached Google access token for Vertex AI; for Bedrock the SigV4 `authorization`,
 * `x-amz-date` and `x-amz-security-token` of `options.request`, which must then be sent exactly
 * as given), without copying a `Request`, which in Node costs several times building one.
 *
 * The headers hold the secret or a signature made with it: put them only on a request to the
 * provider's own host, and send it with `redirect: "manual"` (or `"error"`).
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
export async function authorizationHeaders<P extends ProviderId>(
  provider: P,
  credentials: AuthorizeCredentials[P],
  options?: AuthorizationHeadersOptions<P>,
): Promise<Record<string, string>> {
  const given = (options ?? {}) as AuthorizeRequestOptions & { readonly request?: unknown };
  // Checked before the credentials: a wrong call shape is the first thing to say.
  const signing = provider === "bedrock" ? requestToSign(given.request) : undefined;
  const checked = checkedCredentials(provider, credentials, given.region);
  const validator = builtInValidators[provider] as unknown as ProviderValidator<ProviderId>;
  // Every built-in validator has headers().
  return validator.headers!(
    checked as never,
    signing === undefined ? given : { ...given, signing },
  );
}

/** `options.request`, checked and normalized (lower-case header names, a parsed URL). */
function requestToSign(request: unknown): AwsRequestParts {
  const path = "options.request";
  if (typeof request !== "object" || request === null) {
    throw new ValidationError([
      { path, message: "must be the request to sign: { method, url, headers?, body? }" },
    ]);
  }
  const { method, url, headers = {}, body } = request as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  if (typeof method !== "string" || !TOKEN.test(method)) {
    issues.push({ path: `${path}.method`, message: "must be an HTTP method such as POST" });
  }
  const parsed = typeof url === "string" || url instanceof URL ? parseUrl(String(url)) : null;
  if (parsed === null || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    issues.push({ path: `${path}.url`, message: "must be an absolute http(s) URL" });
  }
  const names: Record<string, string> = {};
  if (typeof headers !== "object" || headers === null || Array.isArray(headers)) {
    issues.push({
      path: `${path}.headers`,
      message: "must be an object of header names to strings",
    });
  } else {
    for (const [index, [name, value]] of Object.entries(headers).entries()) {
      if (!TOKEN.test(name) || typeof value !== "string") {
        // Named by position: a secret pasted as a header name must not come back.
        issues.push({
          path: `${path}.headers`,
          message: `must map header names to strings (entry ${index + 1} does not)`,
        });
        continue;
      }
      names[name.toLowerCase()] = value;
    }
  }
  if (body !== undefined && typeof body !== "string" && !(body instanceof Uint8Array)) {
    issues.push({ path: `${path}.body`, message: "must be a string or a Uint8Array" });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    method: method as string,
    url: parsed!,
    headers: names,
    body: body as string | Uint8Array | undefined,
  };
}

/** `URL.parse()` (Node 22) for Node 20: the URL, or null when it is not one. */
function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
