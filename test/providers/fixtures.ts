/**
 * Synthetic credentials for tests: obviously fake, deterministic per seed, and random enough
 * that no 6-character window of one appears by chance in a message byokit writes.
 */
import type {
  AwsRegionCredentials,
  AzureCredentials,
  ServiceAccountKey,
} from "../../src/providers/credentials.js";
import type { ProviderId } from "../../src/providers/ids.js";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const HEX = "0123456789abcdef";
const BASE64 = `${ALNUM}+/`;

/** `length` characters of `alphabet`, the same for the same seed (mulberry32). */
export function fakeChars(length: number, seed: number, alphabet = ALNUM): string {
  let state = seed >>> 0;
  let out = "";
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const random = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out += alphabet[Math.floor(random * alphabet.length)];
  }
  return out;
}

export const fakeAnthropicKey = (seed = 1) => `sk-ant-api03-${fakeChars(93, seed)}AA`;
export const fakeOpenAiKey = (seed = 2) =>
  `sk-proj-${fakeChars(20, seed)}T3BlbkFJ${fakeChars(20, seed + 1)}`;
export const fakeXaiKey = (seed = 3) => `xai-${fakeChars(80, seed)}`;
export const fakeMistralKey = (seed = 4) => fakeChars(32, seed);
export const fakeDeepSeekKey = (seed = 5) => `sk-${fakeChars(32, seed, HEX)}`;
export const fakeZaiKey = (seed = 6) => `${fakeChars(32, seed, HEX)}.${fakeChars(16, seed + 1)}`;

/** `AKIA…` (long-term) or `ASIA…` (temporary) followed by 16 of `[A-Z0-9]`. */
export const fakeAccessKeyId = (seed = 7, kind: "AKIA" | "ASIA" = "AKIA") =>
  `${kind}${fakeChars(16, seed, UPPER_DIGITS)}`;
export const fakeSecretAccessKey = (seed = 8) => fakeChars(40, seed, BASE64);
export const fakeSessionToken = (seed = 9) => `FwoG${fakeChars(300, seed, BASE64)}`;

/** One region's long-term IAM credentials. */
export function fakeRegionEntry(seed = 10): AwsRegionCredentials {
  return { access_key_id: fakeAccessKeyId(seed), secret_access_key: fakeSecretAccessKey(seed) };
}

/** One region's temporary credentials (`ASIA…` with its session token). */
export function fakeTemporaryRegionEntry(seed = 11): AwsRegionCredentials {
  return {
    access_key_id: fakeAccessKeyId(seed, "ASIA"),
    secret_access_key: fakeSecretAccessKey(seed),
    session_token: fakeSessionToken(seed),
  };
}

/** The base64 body lines of a fake PEM key: the part of a private key that is secret. */
export function fakePemBody(seed = 12): string[] {
  return Array.from({ length: 8 }, (_, line) => fakeChars(64, seed * 100 + line, BASE64));
}

export function fakePrivateKey(seed = 12): string {
  return [
    "-----BEGIN PRIVATE KEY-----",
    ...fakePemBody(seed),
    "-----END PRIVATE KEY-----",
    "",
  ].join("\n");
}

/** A service-account key file shaped like the ones Google issues, every value fake. */
export function fakeServiceAccount(seed = 13): ServiceAccountKey {
  return {
    type: "service_account",
    project_id: "fake-project-123",
    private_key_id: fakeChars(40, seed, HEX),
    private_key: fakePrivateKey(seed),
    client_email: "byokit-test@fake-project-123.iam.gserviceaccount.com",
    client_id: "100000000000000000001",
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: "https://oauth2.googleapis.com/token",
    universe_domain: "googleapis.com",
  };
}

export function fakeAzure(seed = 14): AzureCredentials {
  return { endpoint: "https://fake-resource.openai.azure.com", api_key: fakeChars(32, seed, HEX) };
}

/** A valid `provider_key` for each provider whose credential is one API key string. */
export const fakeApiKeys = {
  anthropic: fakeAnthropicKey(),
  openai: fakeOpenAiKey(),
  mistral: fakeMistralKey(),
  deepseek: fakeDeepSeekKey(),
  xai: fakeXaiKey(),
  zai: fakeZaiKey(),
} as const satisfies Partial<Record<ProviderId, string>>;

export const API_KEY_PROVIDERS = Object.keys(fakeApiKeys) as (keyof typeof fakeApiKeys)[];
