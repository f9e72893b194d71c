import { ConnectionError } from "../errors/connection-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { redactSecrets } from "../masking/redact.js";
import type { ServiceAccountKey } from "../providers/credentials.js";
import { GOOGLE_TOKEN_URI, googleTokenUri } from "../providers/google-vertex-ai.js";
import { AccessTokenError } from "./access-token-error.js";
import { answer, classifyByStatus, rateLimited } from "./classify.js";
import { customHostRefused } from "./custom-host-refused.js";
import {
  type AccessToken,
  requestAccessToken,
  type TokenContext,
  type TokenSigner,
} from "./google-access-token.js";
import { normalizeNetwork } from "./network-options.js";
import { probeFetch } from "./probe-fetch.js";
import type { ProbeContext, ProbeOutcome } from "./probe-outcome.js";
import { errorDetail, isObject, type ProviderResponse } from "./provider-response.js";
import { type ProviderValidator, withHeaders } from "./provider-validator.js";
import { RedirectRefusedError } from "./redirect-refused-error.js";
import { RefusedDestinationError } from "./refused-destination-error.js";
import { sendProbe, transportFailure } from "./send-probe.js";
import type { AuthorizeRequestOptions, NetworkOptions } from "./types.js";

const LABEL = "Google Vertex AI";
const TOKEN_LABEL = "Google's token endpoint";
export const DEFAULT_VERTEX_LOCATION = "us-central1";
/** A cached token is renewed this long before it expires. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const MAX_CACHED_TOKENS = 100;
const LOCATION = /^[a-z]+(-[a-z]+[0-9]+)?$/;

/** True for a Vertex AI location such as `us-central1`, `europe-west4` or `global`. */
export function isVertexLocation(location: string): boolean {
  return location.length <= 40 && LOCATION.test(location);
}

/**
 * Google Vertex AI: a service account's signed JWT is exchanged for an access token at its
 * `token_uri`, then `GET …/projects/{project_id}/locations/{location}/endpoints` proves the
 * account may use Vertex AI in that project. `authorize` caches tokens; the probe never does,
 * so a test always proves the key works now.
 */
export const googleVertexAiValidator: ProviderValidator<"google_vertex_ai"> = {
  authorize: async (request, key, options) =>
    bearerRequest(request, await authorizingToken(key, options)),
  headers: async (key, options) => ({
    authorization: `Bearer ${await authorizingToken(key, options)}`,
  }),
  probe: (key, context) => probeVertex(key, context),
};

/** A cached access token for the service account, its request sent only where allowed. */
async function authorizingToken(
  key: ServiceAccountKey,
  { fetch, signal, network }: AuthorizeRequestOptions,
): Promise<string> {
  const allowed = normalizeNetwork(network, "options.network");
  const tokenUri = tokenDestination(key, allowed);
  if (tokenUri === undefined) {
    throw new ValidationError([
      {
        path: "credentials.token_uri",
        message: `must be Google's token endpoint ${GOOGLE_TOKEN_URI} (allow another with options.network.allowCustomHosts)`,
      },
    ]);
  }
  return cachedAccessToken(
    { ...key, token_uri: tokenUri },
    { fetch: probeFetch(fetch, allowed), signal: signal ?? new AbortController().signal },
  );
}

/** The probe, with the token signer selectable so tests can run the browser path in Node. */
export async function probeVertex(
  key: ServiceAccountKey,
  context: ProbeContext,
  signer: TokenSigner = "auto",
): Promise<ProbeOutcome> {
  const tokenUri = tokenDestination(key, context.network);
  if (tokenUri === undefined) {
    return customHostRefused(
      hostOf(key.token_uri),
      `Google's token endpoint (${GOOGLE_TOKEN_URI})`,
    );
  }
  let token: AccessToken;
  try {
    const attempt = await requestAccessToken({ ...key, token_uri: tokenUri }, context, signer);
    if (attempt.kind !== "token") return classifyTokenAttempt(attempt);
    token = attempt.token;
  } catch (error) {
    return transportFailure(TOKEN_LABEL, hostOf(key.token_uri), error, context);
  }
  const location = context.vertexLocation;
  const request = bearerRequest(new Request(endpointsUrl(key.project_id, location)), token.token);
  const outcome = await sendProbe(LABEL, request, context, (response) =>
    classifyVertex(response, key.project_id, location),
  );
  // The access token is a secret too, and a proxy could echo it.
  return { ...outcome, message: redactSecrets(outcome.message, [token.token]) };
}

/**
 * Where the token request goes: Google's endpoint for Google's `token_uri`s (the legacy one
 * included), the key's own only when custom hosts are allowed, otherwise `undefined`.
 */
function tokenDestination(key: ServiceAccountKey, network: NetworkOptions): string | undefined {
  return googleTokenUri(key.token_uri) ?? (network.allowCustomHosts ? key.token_uri : undefined);
}

function endpointsUrl(projectId: string, location: string): string {
  const host =
    location === "global" ? "aiplatform.googleapis.com" : `${location}-aiplatform.googleapis.com`;
  return `https://${host}/v1/projects/${encodeURIComponent(projectId)}/locations/${location}/endpoints`;
}

function bearerRequest(request: Request, token: string): Request {
  return withHeaders(request, { authorization: `Bearer ${token}` });
}

function classifyTokenAttempt(
  attempt:
    | { readonly kind: "unreadable_key" }
    | { readonly kind: "refused"; readonly response: ProviderResponse },
): ProbeOutcome {
  if (attempt.kind === "unreadable_key") {
    return {
      status: "invalid_credentials",
      message:
        // No PEM header here: it is part of the secret, so the scrubber would eat it.
        "private_key cannot be used to sign: it must be the PKCS#8 PEM key of the JSON key file, unaltered.",
    };
  }
  return classifyTokenAnswer(attempt.response);
}

/** Google's OAuth answers: `{ error, error_description }`. */
function classifyTokenAnswer(response: ProviderResponse): ProbeOutcome {
  const { type, message = "" } = errorDetail(response.body);
  if (response.status >= 200 && response.status < 300) {
    return {
      status: "unexpected_response",
      message: `${TOKEN_LABEL} answered ${response.status} without an access token; check that token_uri is Google's and no proxy rewrites the answer.`,
      http_status: response.status,
    };
  }
  if (type === "invalid_grant") {
    if (/short-lived|reasonable timeframe|\biat\b|\bexp\b/i.test(message)) {
      return answer(
        "invalid_credentials",
        response,
        "Google refused the signed token because this machine's clock is off: sync the clock (NTP) and test again.",
      );
    }
    if (/signature/i.test(message)) {
      return answer(
        "invalid_credentials",
        response,
        "Google does not accept this key's signature: the key was deleted or rotated. Create a new JSON key for the service account.",
      );
    }
    if (/account not found|not a valid email/i.test(message)) {
      return answer(
        "invalid_credentials",
        response,
        "Google does not know this service account: check client_email, or whether the account was deleted.",
      );
    }
    return answer(
      "invalid_credentials",
      response,
      "Google refused the service account key: create a new JSON key and test again.",
    );
  }
  if (type === "invalid_client") {
    return answer(
      "invalid_credentials",
      response,
      "Google refused the service account (invalid_client): check that it is enabled, or create a new JSON key.",
    );
  }
  if (type === "unauthorized_client" || type === "access_denied") {
    return answer(
      "permission_denied",
      response,
      `Google refused the token request (${type}): check the organization's policies for service account keys.`,
    );
  }
  return classifyByStatus(TOKEN_LABEL, response, () => false);
}

/** Google's API errors: `{ error: { code, message, status, details: [{ reason }] } }`. */
function classifyVertex(
  response: ProviderResponse,
  projectId: string,
  location: string,
): ProbeOutcome {
  const { type } = errorDetail(response.body);
  const reason = errorReason(response.body);
  if (response.status === 403 || type === "PERMISSION_DENIED") {
    switch (reason) {
      case "SERVICE_DISABLED":
        return answer(
          "permission_denied",
          response,
          `The Vertex AI API is disabled in project ${projectId} (SERVICE_DISABLED): enable aiplatform.googleapis.com, wait a minute, and test again.`,
        );
      case "IAM_PERMISSION_DENIED":
        return answer(
          "permission_denied",
          response,
          `The service account may not use Vertex AI in project ${projectId} (IAM_PERMISSION_DENIED): grant it roles/aiplatform.user.`,
        );
      case "BILLING_DISABLED":
        return answer(
          "quota_exceeded",
          response,
          `Billing is disabled for project ${projectId} (BILLING_DISABLED): enable billing and test again.`,
        );
    }
    return answer(
      "permission_denied",
      response,
      `Google refused access to Vertex AI in project ${projectId}${reason ? ` (${reason})` : ""}: check project_id, that the API is enabled, and the account's roles.`,
    );
  }
  if (response.status === 429 || type === "RESOURCE_EXHAUSTED") return rateLimited(LABEL, response);
  if (response.status === 404 || response.status === 400) {
    return answer(
      "unexpected_response",
      response,
      `${LABEL} answered ${response.status} for project ${projectId} in ${location}: check project_id and the location.`,
    );
  }
  return classifyByStatus(LABEL, response, isObject);
}

function errorReason(body: unknown): string | undefined {
  if (!isObject(body) || !isObject(body.error) || !Array.isArray(body.error.details))
    return undefined;
  for (const detail of body.error.details) {
    if (isObject(detail) && typeof detail.reason === "string") return detail.reason;
  }
  return undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

interface CachedToken {
  readonly privateKey: string;
  readonly tokenUri: string;
  readonly token: Promise<AccessToken>;
}

/**
 * Access tokens by `client_email` and `private_key_id`. A hit is used only with the same
 * private key and `token_uri`, so a forged key that reuses a real key's id never rides on its
 * token.
 */
const tokenCache = /* @__PURE__ */ new Map<string, CachedToken>();

async function cachedAccessToken(key: ServiceAccountKey, context: TokenContext): Promise<string> {
  const id = `${key.client_email}\n${key.private_key_id}`;
  const hit = tokenCache.get(id);
  if (hit && hit.privateKey === key.private_key && hit.tokenUri === key.token_uri) {
    const token = await hit.token.catch(() => undefined);
    if (token && token.expiresAt - Date.now() > REFRESH_MARGIN_MS) return token.token;
  }
  const pending = freshAccessToken(key, context);
  tokenCache.delete(id);
  tokenCache.set(id, { privateKey: key.private_key, tokenUri: key.token_uri, token: pending });
  if (tokenCache.size > MAX_CACHED_TOKENS) {
    const oldest = tokenCache.keys().next().value;
    if (oldest !== undefined) tokenCache.delete(oldest);
  }
  pending.catch(() => {
    if (tokenCache.get(id)?.token === pending) tokenCache.delete(id);
  });
  return (await pending).token;
}

async function freshAccessToken(
  key: ServiceAccountKey,
  context: TokenContext,
): Promise<AccessToken> {
  let attempt: Awaited<ReturnType<typeof requestAccessToken>>;
  try {
    attempt = await requestAccessToken(key, context);
  } catch (error) {
    if (context.signal.aborted) throw context.signal.reason;
    const redirect = error instanceof RedirectRefusedError ? error : undefined;
    if (redirect) {
      throw new AccessTokenError(
        "unexpected_response",
        `${TOKEN_LABEL} answered with a redirect to ${redirect.target ?? "a location it did not disclose"}; byokit does not follow it (the signed token would go along).`,
      );
    }
    const refused =
      error instanceof Error && error.cause instanceof RefusedDestinationError
        ? " (it resolves to a private or local network address: allow it with options.network.allowPrivateNetworks)"
        : "";
    // The cause is dropped on purpose: a library error may hold the signed assertion.
    throw new ConnectionError(
      `Could not reach ${hostOf(key.token_uri)} for a Google access token${refused}.`,
    );
  }
  if (attempt.kind === "token") return attempt.token;
  const outcome = classifyTokenAttempt(attempt);
  throw new AccessTokenError(
    outcome.status,
    redactSecrets(outcome.message, [key.private_key]),
    outcome.http_status,
  );
}

/** Forgets every cached access token (tests, key rotation). */
export function clearAccessTokenCache(): void {
  tokenCache.clear();
}

/** Rejects a location that is not a plain Vertex AI location name before it reaches a URL. */
export function assertVertexLocation(location: string): void {
  if (!isVertexLocation(location)) {
    throw new ValidationError([
      {
        path: "options.vertexLocation",
        message: "must be a Vertex AI location such as us-central1 or global",
      },
    ]);
  }
}
