/**
 * Random, synthetic credentials of every provider's shape (PROVIDERS.md, "Key formats"), as
 * fast-check arbitraries. Each case carries the credential, the `provider_key` a caller sends
 * (the value or, for structured credentials, its JSON text) and `secrets`: the strings no
 * output may show a 6-character window of.
 *
 * Characters come from a seeded PRNG (`fakeChars`) under `fc.noBias`, not from fast-check's
 * biased generators: a biased run makes keys like `AAAAAAAA…` whose windows match innocent
 * text (and a shrunk counterexample would be such a key). A shrunk seed is still random.
 *
 * What counts as secret: the body of an API key after its public prefix (`sk-ant-api03-`,
 * `sk-proj-`, `xai-`, … which previews show by design), all of an AWS access key id, secret
 * access key and session token, the base64 body of a PEM private key (its `-----BEGIN` lines
 * are public and quoted by validation messages), Azure's `api_key`. Not secret: a service
 * account's `private_key_id`, `project_id`, `client_email`, and Azure's endpoint.
 */
import { generateKeyPair } from "node:crypto";
import { promisify } from "node:util";
import fc from "fast-check";
import type {
  AwsRegionCredentials,
  AzureCredentials,
  BedrockCredentials,
  ServiceAccountKey,
} from "../../../src/providers/credentials.js";
import type { ProviderId } from "../../../src/providers/ids.js";
import { fakeChars } from "../../providers/fixtures.js";
import { STRESS } from "./runs.js";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const KEY_CHARS = `${ALNUM}_-`;
const UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const HEX = "0123456789abcdef";
const BASE64 = `${ALNUM}+/`;

/** One provider's credential, what is sent for it, and what must never show. */
export interface CredentialCase<P extends ProviderId = ProviderId> {
  readonly provider: P;
  /** The parsed credential: what `local.resolve()` hands back. */
  readonly credentials: unknown;
  /** The `provider_key` as sent: the value, or for structured credentials maybe its JSON text. */
  readonly input: unknown;
  /** Strings of which no 6-character window may appear in any output. */
  readonly secrets: readonly string[];
}

/**
 * How fast-check prints a case in a counterexample: the provider and the shape of what was
 * sent, never a whole PEM (which would drown the report).
 */
function printable<P extends ProviderId>(credentialCase: CredentialCase<P>): CredentialCase<P> {
  const text =
    typeof credentialCase.input === "string"
      ? credentialCase.input
      : JSON.stringify(credentialCase.input);
  return Object.assign(credentialCase, {
    [fc.toStringMethod]: () =>
      `${credentialCase.provider}(${text.length > 120 ? `${text.slice(0, 60)}…${text.slice(-40)}` : text})`,
  });
}

/** A 32-bit seed with no bias: every run draws fresh, uniformly random characters. */
const seed = fc.noBias(fc.integer({ min: 0, max: 0x7fffffff }));
const chars = (length: number, alphabet: string) => seed.map((s) => fakeChars(length, s, alphabet));
const charsBetween = (min: number, max: number, alphabet: string) =>
  fc
    .tuple(fc.noBias(fc.integer({ min, max })), seed)
    .map(([length, s]) => fakeChars(length, s, alphabet));

/** An API key: its public prefix, then its secret body. */
function apiKeyCase<P extends ProviderId>(
  provider: P,
  prefix: fc.Arbitrary<string>,
  body: fc.Arbitrary<string>,
): fc.Arbitrary<CredentialCase<P>> {
  return fc
    .tuple(prefix, body)
    .map(([p, b]) =>
      printable({ provider, credentials: `${p}${b}`, input: `${p}${b}`, secrets: [b] }),
    );
}

export const anthropicCase = apiKeyCase(
  "anthropic",
  fc.constant("sk-ant-api03-"),
  chars(93, KEY_CHARS).map((b) => `${b}AA`),
);

export const openaiCase = apiKeyCase(
  "openai",
  fc.constantFrom("sk-proj-", "sk-svcacct-", "sk-admin-", "sk-"),
  fc
    .tuple(charsBetween(20, 74, KEY_CHARS), charsBetween(20, 74, KEY_CHARS))
    .map(([a, b]) => `${a}T3BlbkFJ${b}`),
);

export const xaiCase = apiKeyCase("xai", fc.constant("xai-"), charsBetween(70, 120, ALNUM));
export const mistralCase = apiKeyCase("mistral", fc.constant(""), chars(32, ALNUM));
export const deepseekCase = apiKeyCase("deepseek", fc.constant("sk-"), chars(32, HEX));
export const zaiCase = apiKeyCase(
  "zai",
  fc.constant(""),
  fc.tuple(chars(32, HEX), chars(16, ALNUM)).map(([id, secret]) => `${id}.${secret}`),
);

/** Region codes of every partition, and `global`. */
export const BEDROCK_REGIONS = [
  "global",
  "us-east-1",
  "eu-west-3",
  "ap-southeast-2",
  "us-gov-west-1",
  "cn-north-1",
  "us-isob-east-1",
  "eu-isoe-west-1",
  "eusc-de-east-1",
  "il-central-1",
] as const;

const regionEntry: fc.Arbitrary<AwsRegionCredentials> = fc
  .tuple(
    fc.constantFrom("AKIA", "ASIA"),
    chars(16, UPPER_DIGITS),
    chars(40, BASE64),
    fc.boolean(),
    charsBetween(100, 600, BASE64),
  )
  .map(([kind, id, secret, withToken, token]) => ({
    access_key_id: `${kind}${id}`,
    secret_access_key: secret,
    // A temporary (ASIA) key always comes with its session token.
    ...(kind === "ASIA" || withToken ? { session_token: `FwoG${token}` } : {}),
  }));

export const bedrockCase: fc.Arbitrary<CredentialCase<"bedrock">> = fc
  .tuple(
    fc.uniqueArray(fc.constantFrom(...BEDROCK_REGIONS), { minLength: 1, maxLength: 3 }),
    fc.array(regionEntry, { minLength: 3, maxLength: 3 }),
    fc.boolean(),
  )
  .map(([regions, entries, asText]) => {
    const credentials: BedrockCredentials = Object.fromEntries(
      regions.map((region, index) => [region, entries[index]!]),
    );
    return printable({
      provider: "bedrock",
      credentials,
      input: asText ? JSON.stringify(credentials) : credentials,
      secrets: bedrockSecrets(credentials),
    });
  });

/** Every secret string of a Bedrock credential map. */
export function bedrockSecrets(credentials: BedrockCredentials): string[] {
  return Object.values(credentials).flatMap((entry) => [
    entry.access_key_id,
    entry.secret_access_key,
    ...(entry.session_token === undefined ? [] : [entry.session_token]),
  ]);
}

/** The secret part of a PEM key: each base64 line, and the body joined without line breaks. */
export function pemSecrets(pem: string): string[] {
  const lines = pem
    .replace(/\\n/g, "\n")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("-----"));
  return [lines.join(""), ...lines];
}

/**
 * Freshly generated RSA private keys (PKCS#8 PEM), a few per test file: generating one per
 * run would dominate the suite's time. The stress run makes more of them.
 */
export async function freshRsaKeys(count = STRESS ? 8 : 2): Promise<string[]> {
  const generate = promisify(generateKeyPair);
  const pairs = await Promise.all(
    Array.from({ length: count }, () =>
      generate("rsa", {
        modulusLength: 2048,
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
        publicKeyEncoding: { type: "spki", format: "pem" },
      }),
    ),
  );
  return pairs.map((pair) => pair.privateKey as unknown as string);
}

/** A service-account key file around one of `pems`; `token_uri` Google's or a custom one. */
export function vertexCase(
  pems: readonly string[],
): fc.Arbitrary<CredentialCase<"google_vertex_ai">> {
  return fc
    .tuple(
      fc.constantFrom(...pems),
      chars(40, HEX),
      chars(8, "abcdefghijklmnopqrstuvwxyz0123456789"),
      fc.constantFrom("https://oauth2.googleapis.com/token", "https://oauth2.byokit.test/token"),
      fc.boolean(),
    )
    .map(([pem, keyId, project, tokenUri, asText]) => {
      const credentials: ServiceAccountKey = {
        type: "service_account",
        project_id: `fake-${project}`,
        private_key_id: keyId,
        private_key: pem,
        client_email: `byokit-test@fake-${project}.iam.gserviceaccount.com`,
        client_id: "100000000000000000001",
        token_uri: tokenUri,
      };
      return printable({
        provider: "google_vertex_ai",
        credentials,
        input: asText ? JSON.stringify(credentials) : credentials,
        secrets: pemSecrets(pem),
      });
    });
}

export const azureCase: fc.Arbitrary<CredentialCase<"azure">> = fc
  .tuple(
    chars(10, "abcdefghijklmnopqrstuvwxyz"),
    fc.oneof(chars(32, HEX), chars(84, ALNUM)),
    fc.boolean(),
  )
  .map(([resource, apiKey, asText]) => {
    const credentials: AzureCredentials = {
      endpoint: `https://fake-${resource}.openai.azure.com`,
      api_key: apiKey,
    };
    return printable({
      provider: "azure",
      credentials,
      input: asText ? JSON.stringify(credentials) : credentials,
      secrets: [apiKey],
    });
  });

/** A case of every provider, given the RSA keys Vertex cases may use. */
export function credentialCase(pems: readonly string[]): fc.Arbitrary<CredentialCase> {
  return fc.oneof(
    anthropicCase,
    openaiCase,
    xaiCase,
    mistralCase,
    deepseekCase,
    zaiCase,
    bedrockCase,
    vertexCase(pems),
    azureCase,
  ) as fc.Arbitrary<CredentialCase>;
}

/** The case of one given provider. */
export function caseOf(
  provider: ProviderId,
  pems: readonly string[],
): fc.Arbitrary<CredentialCase> {
  const byProvider: { readonly [P in ProviderId]: fc.Arbitrary<CredentialCase> } = {
    anthropic: anthropicCase,
    openai: openaiCase,
    xai: xaiCase,
    mistral: mistralCase,
    deepseek: deepseekCase,
    zai: zaiCase,
    bedrock: bedrockCase,
    google_vertex_ai: vertexCase(pems),
    azure: azureCase,
  };
  return byProvider[provider];
}
