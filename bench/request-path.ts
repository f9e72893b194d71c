import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { createLocalBackend } from "../src/local/create-local-backend.js";
import { memoryStore } from "../src/local/memory-store.js";
import type { ProviderKey } from "../src/providers/record.js";
import { createResolver } from "../src/resolver/index.js";
import type { ResolveQuery } from "../src/resolver/types.js";
import { authorizationHeaders } from "../src/validators/authorization-headers.js";
import { authorizeRequest } from "../src/validators/authorize-request.js";
import { sha256Constructor } from "../src/validators/sha256.js";
import { compareAsync, fmt } from "./measure.js";

const ORG = "org_bench";
const API_KEYS = Array.from({ length: 8 }, (_, i) => ({ id: `key_${i}`, name: `Key ${i}` }));
const PROVIDERS = ["openai", "anthropic", "mistral", "deepseek"] as const;
const QUERIES: ResolveQuery[] = Array.from({ length: 64 }, (_, i) => ({
  provider: PROVIDERS[i % PROVIDERS.length]!,
  api_key_id: API_KEYS[i % API_KEYS.length]!.id,
}));
const µs = (ns: number) => `${fmt(ns / 1000, 2)} µs`;

/** A gateway's per-request call: `local.resolve()` vs the resolver it wraps, plus one `await`. */
async function benchLocalResolve(): Promise<void> {
  const local = createLocalBackend({
    store: memoryStore(),
    organizationId: ORG,
    apiKeys: API_KEYS,
  });
  const records: ProviderKey[] = [];
  for (const [i, provider] of PROVIDERS.entries()) {
    for (const [j, apiKey] of API_KEYS.entries()) {
      const response = await local.fetch(`/v1/organizations/${ORG}/provider-keys`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          provider,
          name: `${provider} ${j}`,
          provider_key: `sk-bench-${i}-${j}-${"x".repeat(32)}`,
          // Half the keys are scoped to one API key, half serve the whole organization.
          api_key_ids: j % 2 === 0 ? [apiKey.id] : [],
        }),
      });
      records.push((await response.json()) as ProviderKey);
    }
  }
  const resolver = createResolver(records);
  const mask = QUERIES.length - 1;
  // Alternating samples: both see the same load on a shared machine.
  const { viaLocal, viaResolver } = await compareAsync(100_000, {
    viaLocal: (i) => local.resolve(QUERIES[i & mask]!),
    viaResolver: async (i) => resolver.resolve(QUERIES[i & mask]!),
  });
  console.log(`local.resolve():                  ${µs(viaLocal)}/op`);
  console.log(`resolver.resolve() + one await:   ${µs(viaResolver)}/op`);
  console.log(`ratio local / resolver+await: ${fmt(viaLocal / viaResolver, 2)}x (budget <= 3x)`);
}

const CHAT_URL = "https://api.openai.com/v1/chat/completions";
const CHAT_BODY = JSON.stringify({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Say hello in five languages, one per line." }],
});
const OPENAI_KEY = `sk-bench-${"k".repeat(48)}`;

/** `authorizeRequest()` for an API-key provider vs building the authorized request by hand. */
async function benchApiKeyAuthorize(): Promise<void> {
  const headers = { "content-type": "application/json" };
  const { byHand, viaAuthorize, copyByHand, viaHeaders } = await compareAsync(3_000, {
    byHand: async () =>
      new Request(CHAT_URL, {
        method: "POST",
        headers: { ...headers, authorization: `Bearer ${OPENAI_KEY}` },
        body: CHAT_BODY,
      }),
    viaAuthorize: () =>
      authorizeRequest(
        "openai",
        new Request(CHAT_URL, { method: "POST", headers, body: CHAT_BODY }),
        OPENAI_KEY,
      ),
    // The copy authorizeRequest() must make (it never changes the caller's request), by hand.
    copyByHand: async () => {
      const request = new Request(CHAT_URL, { method: "POST", headers, body: CHAT_BODY });
      const merged = new Headers(request.headers);
      merged.set("authorization", `Bearer ${OPENAI_KEY}`);
      return new Request(request, { headers: merged });
    },
    // The gateway builds the request itself, with the headers byokit gives.
    viaHeaders: async () =>
      new Request(CHAT_URL, {
        method: "POST",
        headers: { ...headers, ...(await authorizationHeaders("openai", OPENAI_KEY)) },
        body: CHAT_BODY,
      }),
  });
  console.log(`Request built by hand with the header:     ${µs(byHand)}/op`);
  console.log(`new Request + authorizeRequest("openai"):  ${µs(viaAuthorize)}/op`);
  console.log(`new Request + the same copy by hand:       ${µs(copyByHand)}/op`);
  console.log(`Request built with authorizationHeaders(): ${µs(viaHeaders)}/op`);
  console.log(
    `ratio authorizeRequest / by hand: ${fmt(viaAuthorize / byHand, 2)}x (budget <= 1.5x); / copy by hand: ${fmt(viaAuthorize / copyByHand, 2)}x`,
  );
  console.log(
    `ratio authorizationHeaders / by hand: ${fmt(viaHeaders / byHand, 2)}x (budget <= 1.5x)`,
  );
}

const BEDROCK_URL =
  "https://bedrock-runtime.eu-west-3.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke";
const BEDROCK_BODY = JSON.stringify({
  anthropic_version: "bedrock-2023-05-31",
  max_tokens: 256,
  messages: [{ role: "user", content: "Say hello in five languages, one per line." }],
});
const AWS = Object.freeze({
  access_key_id: "AKIABENCHEXAMPLE0001",
  secret_access_key: "bench/secret/access/key/EXAMPLEKEY000000000",
});

/** Bedrock: `authorizeRequest()` vs a reused `@smithy/signature-v4` signer (pure-JS SHA-256). */
async function benchBedrockAuthorize(): Promise<void> {
  const url = new URL(BEDROCK_URL);
  const headers = { "content-type": "application/json", accept: "application/json" };
  const signer = new SignatureV4({
    service: "bedrock",
    region: "eu-west-3",
    credentials: { accessKeyId: AWS.access_key_id, secretAccessKey: AWS.secret_access_key },
    sha256: Sha256,
    applyChecksum: false,
  });
  const nativeSigner = new SignatureV4({
    service: "bedrock",
    region: "eu-west-3",
    credentials: { accessKeyId: AWS.access_key_id, secretAccessKey: AWS.secret_access_key },
    sha256: await sha256Constructor(),
    applyChecksum: false,
  });
  const signWith = (using: SignatureV4) => async () => {
    const signed = await using.sign({
      method: "POST",
      protocol: url.protocol,
      hostname: url.hostname,
      path: url.pathname,
      query: {},
      headers: { ...headers, host: url.host },
      body: BEDROCK_BODY,
    });
    const { host: _host, ...out } = signed.headers;
    return new Request(url, { method: "POST", headers: out, body: BEDROCK_BODY });
  };
  const { reused, reusedNative, viaAuthorize, viaHeaders } = await compareAsync(1_000, {
    reused: signWith(signer),
    reusedNative: signWith(nativeSigner),
    viaAuthorize: () =>
      authorizeRequest(
        "bedrock",
        new Request(url, { method: "POST", headers, body: BEDROCK_BODY }),
        AWS,
        { region: "eu-west-3" },
      ),
    // The gateway builds the request itself, with the signature's headers.
    viaHeaders: async () => {
      const request = { method: "POST", url, headers, body: BEDROCK_BODY };
      const signed = await authorizationHeaders("bedrock", AWS, { region: "eu-west-3", request });
      return new Request(url, {
        method: "POST",
        headers: { ...headers, ...signed },
        body: BEDROCK_BODY,
      });
    },
  });
  console.log(`reused signer, Node's SHA-256 + Request: ${µs(reusedNative)}/op (for reference)`);
  console.log(`reused SignatureV4 signer + Request:       ${µs(reused)}/op`);
  console.log(`new Request + authorizeRequest("bedrock"): ${µs(viaAuthorize)}/op`);
  console.log(`Request built with authorizationHeaders(): ${µs(viaHeaders)}/op`);
  console.log(
    `ratio authorizeRequest / reused signer: ${fmt(viaAuthorize / reused, 2)}x (budget <= 1.2x)`,
  );
  console.log(
    `ratio authorizationHeaders / reused signer: ${fmt(viaHeaders / reused, 2)}x (budget <= 1.2x)`,
  );
}

/** DESIGN.md's request-path budgets: the calls a gateway makes on every request. */
export async function benchRequestPath(): Promise<void> {
  console.log("\n## request path (alternating samples, medians; each ratio from one run)");
  await benchLocalResolve();
  await benchApiKeyAuthorize();
  await benchBedrockAuthorize();
}
