/**
 * byokit quickstart: which provider key serves a request, explained. Offline: no account, no
 * network. Run with `npm run demo`.
 */
import { createResolver } from "byokit/resolver";
import { createFixtures } from "byokit/testing";

const f = createFixtures();
const records = [
  f.providerKey({ provider: "openai", name: "OpenAI production (org default)" }),
  f.providerKey({ provider: "openai", name: "OpenAI staging", api_key_ids: ["key_staging"] }),
  f.bedrockKey({ name: "Bedrock EU + global", regions: ["eu-west-1", "global"] }),
  f.bedrockKey({
    name: "Bedrock staging us-east-1",
    api_key_ids: ["key_staging"],
    regions: ["us-east-1"],
  }),
];
const resolver = createResolver(records);

const queries = [
  { provider: "openai", api_key_id: "key_production" },
  { provider: "openai", api_key_id: "key_staging" },
  { provider: "bedrock", api_key_id: "key_production", region: "eu-west-1" },
  { provider: "bedrock", api_key_id: "key_production", region: "ap-northeast-1" },
  { provider: "bedrock", api_key_id: "key_staging", region: "eu-west-1" },
  { provider: "anthropic", api_key_id: "key_production" },
] as const;

for (const query of queries) {
  const answer = resolver.resolve(query);
  const chosen = answer.status === "resolved" ? ` → ${answer.key.name}` : "";
  console.log(`\n${JSON.stringify(query)}\n  ${answer.status}${chosen}\n  ${answer.explanation}`);
}
