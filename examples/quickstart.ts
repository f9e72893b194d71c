/**
 * byokit quickstart, on the embedded local backend: no account, no network. `npm run demo`.
 *
 * The same client code talks to Edgee's Console API: drop `baseUrl`/`fetch` and give it your
 * organization id and console token.
 */
import { createClient, maskSecret, PreconditionFailedError } from "byokit";
import { createLocalBackend } from "byokit/local";

// 1. The backend: the Console API served in-process, with two gateway API keys seeded.
const local = createLocalBackend({
  organizationId: "org_demo",
  token: "demo-console-token",
  apiKeys: [
    { id: "key_production", name: "Production" },
    { id: "key_staging", name: "Staging" },
  ],
});
const client = createClient({
  organizationId: "org_demo",
  token: "demo-console-token",
  baseUrl: "http://byokit.local",
  fetch: local.fetch,
});

// 2. Register keys (synthetic secrets): an organization-wide OpenAI key, a staging-only one,
//    and a Bedrock key with a eu-west-1 entry and a global fallback.
const orgOpenAi = await client.providerKeys.create({
  provider: "openai",
  name: "OpenAI (organization)",
  provider_key: "sk-proj-DEMO-organization-key-000000000000001AbCd",
});
await client.providerKeys.create({
  provider: "openai",
  name: "OpenAI (staging account)",
  provider_key: "sk-proj-DEMO-staging-key-0000000000000000002WxYz",
  api_key_ids: ["key_staging"],
});
await client.providerKeys.create({
  provider: "bedrock",
  name: "AWS Bedrock (EU + global)",
  provider_key: {
    "eu-west-1": {
      access_key_id: "AKIADEMO000000000001",
      secret_access_key: "demo/secret/eu-west-1/0000000000000000000",
    },
    global: {
      access_key_id: "AKIADEMO000000000002",
      secret_access_key: "demo/secret/global/000000000000000000000",
    },
  },
});
await client.providerKeys.create({
  provider: "bedrock",
  name: "AWS Bedrock (staging, us-east-1 only)",
  provider_key: {
    "us-east-1": {
      access_key_id: "AKIADEMO000000000003",
      secret_access_key: "demo/secret/us-east-1/0000000000000000000",
    },
  },
  api_key_ids: ["key_staging"],
});

// 3. List them: every record shows a masked preview, never the secret.
console.log("Provider keys (masked):");
for await (const key of client.providerKeys.list({ order_direction: "ASC" })) {
  // Edgee may leave `api_key_ids` out: unknown, which is not the whole organization.
  const ids = key.api_key_ids;
  const scope = !ids
    ? "assignment unknown"
    : ids.length
      ? ids.join(", ")
      : "Organization (all keys)";
  const preview =
    key.preview?.type === "aws_iam"
      ? key.preview.regions.map((r) => `${r.region}=${r.access_key_id}`).join(" ")
      : key.preview?.type === "api_key"
        ? key.preview.key
        : "";
  console.log(`  ${key.id}  ${key.name.padEnd(38)} ${preview.padEnd(44)} ${scope}`);
}

// 4. Rename a key: the omitted provider_key keeps the stored secret.
const renamed = await client.providerKeys.update(
  orgOpenAi.id,
  { name: "OpenAI (organization default)" },
  { ifMatch: orgOpenAi.version },
);
console.log(
  `\nRenamed ${renamed.id} to "${renamed.name}" (version ${renamed.version}); preview still ${renamed.preview?.type === "api_key" ? renamed.preview.key : ""}`,
);

// 5. Which key serves a request? The answer explains itself.
const queries = [
  { provider: "openai", api_key_id: "key_production" },
  { provider: "openai", api_key_id: "key_staging" },
  { provider: "bedrock", api_key_id: "key_production", region: "eu-west-1" },
  { provider: "bedrock", api_key_id: "key_production", region: "ap-northeast-1" },
  { provider: "bedrock", api_key_id: "key_staging", region: "eu-west-1" },
  { provider: "anthropic", api_key_id: "key_production" },
] as const;
for (const query of queries) {
  const answer = await client.providerKeys.resolve(query);
  const chosen = answer.status === "resolved" ? ` → ${answer.key.name}` : "";
  console.log(`\n${JSON.stringify(query)}\n  ${answer.status}${chosen}\n  ${answer.explanation}`);
}

// 6. A backend resolves server-side to get the secret itself (never over HTTP).
const served = await local.resolve({
  provider: "bedrock",
  api_key_id: "key_production",
  region: "eu-west-1",
});
if (served.status === "resolved" && served.credentials && typeof served.credentials === "object") {
  const entry = served.credentials as { access_key_id: string };
  console.log(
    `\nlocal.resolve() hands the gateway the eu-west-1 credentials of ${served.key.id} (access key ${maskSecret(entry.access_key_id)})`,
  );
}

// 7. A stale edit is refused with 412 and writes nothing.
try {
  await client.providerKeys.update(
    orgOpenAi.id,
    { name: "stale rename" },
    { ifMatch: orgOpenAi.version },
  );
} catch (error) {
  if (!(error instanceof PreconditionFailedError)) throw error;
  console.log(`\nStale update refused: ${error.message}`);
}
const current = await client.providerKeys.get(orgOpenAi.id);
console.log(`Still "${current.name}" at version ${current.version}.`);
