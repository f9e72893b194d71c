import { importPKCS8, SignJWT } from "jose";
import { ConnectionError } from "../errors/connection-error.js";
import type { ServiceAccountKey } from "../providers/credentials.js";
// google-auth-library always uses this token URL (it ignores a key file's `token_uri`).
import { GOOGLE_TOKEN_URI } from "../providers/google-vertex-ai.js";
import { type ProviderResponse, readProviderResponse } from "./provider-response.js";
import { isNodeRuntime } from "./runtime.js";

export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const ASSERTION_LIFETIME_S = 3600;

export interface AccessToken {
  readonly token: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

/** How a token request ended when it got an HTTP answer (or never left). */
export type TokenAttempt =
  | { readonly kind: "token"; readonly token: AccessToken }
  | { readonly kind: "refused"; readonly response: ProviderResponse }
  | { readonly kind: "unreadable_key" };

/** Which signer gets the token: `auto` is google-auth-library in Node, jose elsewhere. */
export type TokenSigner = "auto" | "jose" | "google-auth";

export interface TokenContext {
  readonly fetch: typeof globalThis.fetch;
  readonly signal: AbortSignal;
}

/**
 * Exchanges a service account's signed JWT for an OAuth access token at its `token_uri`, every
 * request through `context.fetch`. Rejects only when no HTTP answer came (network, abort).
 */
export async function requestAccessToken(
  key: ServiceAccountKey,
  context: TokenContext,
  signer: TokenSigner = "auto",
): Promise<TokenAttempt> {
  const useGoogleAuth =
    signer === "google-auth" ||
    (signer === "auto" && isNodeRuntime() && key.token_uri === GOOGLE_TOKEN_URI);
  if (useGoogleAuth) {
    const googleAuth = await loadGoogleAuth();
    if (googleAuth) return tokenWithGoogleAuth(googleAuth, key, context);
  }
  return tokenWithJose(key, context);
}

type GoogleAuthModule = typeof import("google-auth-library");
let googleAuthModule: Promise<GoogleAuthModule | undefined> | undefined;

/**
 * google-auth-library needs Node (`fs`, `child_process`): it is imported only here, only in
 * Node, through a specifier bundlers cannot follow, so no browser bundle ever contains it.
 */
function loadGoogleAuth(): Promise<GoogleAuthModule | undefined> {
  // Built at run time: a literal (even one a minifier folds back in) could be followed.
  const specifier = ["google", "auth", "library"].join("-");
  googleAuthModule ??= import(/* @vite-ignore */ /* webpackIgnore: true */ specifier).then(
    (module) => module as GoogleAuthModule,
    () => undefined,
  );
  return googleAuthModule;
}

async function tokenWithGoogleAuth(
  { JWT }: GoogleAuthModule,
  key: ServiceAccountKey,
  context: TokenContext,
): Promise<TokenAttempt> {
  // The library hides non-JSON answers behind a generic error, so read what came back here.
  let sent = false;
  let answered: ProviderResponse | undefined;
  let failure: { error: unknown } | undefined;
  const fetchImplementation: typeof globalThis.fetch = async (input, init) => {
    sent = true;
    try {
      const response = await context.fetch(input, { ...init, signal: context.signal });
      answered = await readProviderResponse(response.clone(), context.signal);
      return response;
    } catch (error) {
      failure = { error };
      throw error;
    }
  };
  const client = new JWT({
    email: key.client_email,
    key: normalizePem(key.private_key),
    keyId: key.private_key_id,
    scopes: [CLOUD_PLATFORM_SCOPE],
    // One attempt: a credential test reports a 429 or a 5xx rather than retrying it.
    transporterOptions: { fetchImplementation, retry: false, retryConfig: { retry: 0 } },
  });
  try {
    const { token } = await client.getAccessToken();
    if (token) {
      const expiresAt = client.credentials.expiry_date ?? Date.now() + ASSERTION_LIFETIME_S * 1000;
      return { kind: "token", token: { token, expiresAt } };
    }
  } catch {
    // Classified below from what was (or was not) sent and answered.
  }
  if (failure) throw failure.error;
  if (answered) return { kind: "refused", response: answered };
  if (!sent) return { kind: "unreadable_key" };
  throw new ConnectionError("The token request got no answer.");
}

/** The browser path (and Node's for a custom `token_uri`): WebCrypto signs through jose. */
async function tokenWithJose(key: ServiceAccountKey, context: TokenContext): Promise<TokenAttempt> {
  let assertion: string;
  try {
    const privateKey = await importPKCS8(normalizePem(key.private_key), "RS256");
    const now = Math.floor(Date.now() / 1000);
    assertion = await new SignJWT({ scope: CLOUD_PLATFORM_SCOPE })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.private_key_id })
      .setIssuer(key.client_email)
      .setAudience(key.token_uri)
      .setIssuedAt(now)
      .setExpirationTime(now + ASSERTION_LIFETIME_S)
      .sign(privateKey);
  } catch {
    return { kind: "unreadable_key" };
  }
  const response = await context.fetch(key.token_uri, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }).toString(),
    signal: context.signal,
  });
  const answer = await readProviderResponse(response, context.signal);
  const token = accessTokenOf(answer);
  return token ? { kind: "token", token } : { kind: "refused", response: answer };
}

function accessTokenOf({ status, body }: ProviderResponse): AccessToken | undefined {
  if (status < 200 || status >= 300 || typeof body !== "object" || body === null) return undefined;
  const { access_token, expires_in } = body as { access_token?: unknown; expires_in?: unknown };
  if (typeof access_token !== "string" || access_token === "") return undefined;
  const lifetimeS =
    typeof expires_in === "number" && expires_in > 0 ? expires_in : ASSERTION_LIFETIME_S;
  return { token: access_token, expiresAt: Date.now() + lifetimeS * 1000 };
}

/** Key files pasted through some tools keep `\n` as two characters. */
function normalizePem(pem: string): string {
  return pem.replace(/\\n/g, "\n");
}
