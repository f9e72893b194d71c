/**
 * Fixed inputs both sides sign: the global setup in Node and the tests in Chromium. Synthetic,
 * obviously fake, and browser-safe (no Node import), since both sides import this file.
 */

/** The clock both sides freeze before signing. */
export const SIGNING_TIME = "2025-03-14T09:26:53.000Z";

export const BEDROCK_REGION = "eu-west-3";

/** One Bedrock region entry, with a session token so `x-amz-security-token` is signed too. */
export const BEDROCK_CREDENTIALS = {
  access_key_id: "AKIAFAKEBROWSERTEST1",
  secret_access_key: "fakeSecretKeyForBrowserTests0123456789AB",
  session_token: "FAKEsessionTokenForBrowserTests/0123456789+abcdefghij==",
};

/** An InvokeModel call with a query string, a JSON body and an encoded model id in the path. */
export function bedrockInvokeRequest(): Request {
  return new Request(
    `https://bedrock-runtime.${BEDROCK_REGION}.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke?trace=ENABLED&x=a%20b`,
    {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 16 }),
    },
  );
}

/** What a signed request carries that the comparison looks at, in a JSON-safe shape. */
export interface SignedRequestSummary {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

export async function summarizeRequest(request: Request): Promise<SignedRequestSummary> {
  const headers: [string, string][] = [];
  request.headers.forEach((value, name) => {
    headers.push([name, value]);
  });
  headers.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { method: request.method, url: request.url, headers, body: await request.text() };
}

/** The Vertex service account's identity; its key pair is generated per run by the setup. */
export const VERTEX_CLIENT_EMAIL = "browser-test@byokit-fake.iam.gserviceaccount.com";
export const VERTEX_PROJECT = "byokit-fake";
export const VERTEX_KEY_ID = "fakekeyid0123456789abcdef";

/** The service account's `token_uri`; the tests route it to the fake endpoint on loopback. */
export const VERTEX_TOKEN_URI = "https://oauth2.googleapis.com/token";

/** The access token the fake token endpoint hands out only after Node verified the JWT. */
export const VERIFIED_ACCESS_TOKEN = "ya29.FAKE-verified-by-node";

/** The gateway API keys every organization of the test server knows. */
export const API_KEY_IDS = ["key_staging", "key_production"] as const;

/**
 * Runs `work` with `new Date()` and `Date.now()` frozen at `iso`, then restores the real
 * clock. The same helper on both sides, so Node and Chromium sign at the same instant
 * (vitest's fake timers are not available in a global setup).
 */
export async function withFrozenClock<T>(iso: string, work: () => Promise<T>): Promise<T> {
  const RealDate = globalThis.Date;
  const frozen = RealDate.parse(iso);
  class FrozenDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(frozen);
      else super(...(args as [string]));
    }
    static override now(): number {
      return frozen;
    }
  }
  globalThis.Date = FrozenDate as DateConstructor;
  try {
    return await work();
  } finally {
    globalThis.Date = RealDate;
  }
}
