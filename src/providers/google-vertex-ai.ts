import * as z from "zod/mini";
import type { ServiceAccountKey } from "./credentials.js";
import type { ProviderDefinition } from "./definition.js";
import { httpsUrl } from "./https-url.js";
import { objectError } from "./object-error.js";

/**
 * Google's OAuth token endpoint, what key files name today (documented: developers.google.com
 * identity/protocols/oauth2/service-account). google-auth-library always uses it.
 */
export const GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
/** Line breaks may arrive escaped (`\n` copied out of the JSON file), the last one included. */
const PEM_PRIVATE_KEY =
  /^\s*-----BEGIN (RSA )?PRIVATE KEY-----[A-Za-z0-9+/=\s\\n]+-----END (RSA )?PRIVATE KEY-----(?:\s|\\n)*$/;

const text = (what: string, max: number) =>
  z
    .string({ error: `must be the ${what}, a string` })
    .check(
      z.minLength(1, `must be the ${what}, not empty`),
      z.maxLength(max, `must be at most ${max} characters`),
    );

/**
 * A service-account JSON key file as Google issues it. Unknown fields (`client_id`,
 * `auth_uri`, …) are kept; `token_uri` defaults to Google's when a file omits it.
 */
const serviceAccountSchema = z.looseObject(
  {
    type: z.literal("service_account", { error: 'must be "service_account"' }),
    project_id: text("Google Cloud project id", 100),
    private_key_id: text("private key id", 100),
    private_key: z
      .string({ error: "must be the PEM private key, a string" })
      .check(
        z.maxLength(16_384, "must be at most 16384 characters"),
        z.regex(
          PEM_PRIVATE_KEY,
          "must be a PEM private key (between BEGIN and END PRIVATE KEY lines)",
        ),
      ),
    client_email: z
      .string({ error: "must be the service account's email" })
      .check(
        z.maxLength(320, "must be at most 320 characters"),
        z.regex(/^[^\s@]+@[^\s@]+$/, "must be the service account's email"),
      ),
    token_uri: z._default(httpsUrl, GOOGLE_TOKEN_URI),
  },
  objectError("must be a service-account JSON key file (an object, or its JSON text)"),
);

/**
 * The token endpoint older key files name (documented in Google's earlier OAuth docs). It is
 * accepted as Google's, and tokens are requested at {@link GOOGLE_TOKEN_URI} instead, as
 * google-auth-library does, so the JWT's audience and destination are the current endpoint.
 */
const LEGACY_GOOGLE_TOKEN_URI = "https://accounts.google.com/o/oauth2/token";

/**
 * Google's token endpoint for a key file's `token_uri`: the current one for either of Google's
 * own (the legacy one included), `undefined` for any other.
 *
 * @example
 * googleTokenUri("https://accounts.google.com/o/oauth2/token"); // "https://oauth2.googleapis.com/token"
 * googleTokenUri("https://127.0.0.1:8443/token");               // undefined
 */
export function googleTokenUri(tokenUri: string): string | undefined {
  return tokenUri === GOOGLE_TOKEN_URI || tokenUri === LEGACY_GOOGLE_TOKEN_URI
    ? GOOGLE_TOKEN_URI
    : undefined;
}

/** Google Vertex AI: a service-account JSON key file. */
export const google_vertex_ai: ProviderDefinition<"google_vertex_ai"> = {
  id: "google_vertex_ai",
  label: "Google Vertex AI",
  credentialKind: "service_account",
  schema: serviceAccountSchema as unknown as z.ZodMiniType<ServiceAccountKey>,
  updateSchema: serviceAccountSchema,
  preview: (key) => ({
    type: "service_account",
    project_id: key.project_id,
    client_email: key.client_email,
    private_key_id: key.private_key_id.slice(0, 8),
  }),
  secretsOf: (key) => [key.private_key, ...pemBody(key.private_key)],
};

/** The base64 lines of a PEM key, so a provider echoing one line is still caught. */
function pemBody(pem: string): string[] {
  return pem
    .replace(/\\n/g, "\n")
    .split("\n")
    .filter((line) => line.length >= 6 && !line.startsWith("-----"));
}
