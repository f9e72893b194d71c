/**
 * The doc-test prelude: names a README or docs/*.md code block may use without declaring them,
 * because the surrounding prose introduces them ("`client`", "your records"). A block that
 * uses one of these names (and does not declare it itself) gets it imported from here; every
 * other free name must be a global or an export of `byokit`, `byokit/local`,
 * `byokit/resolver` or `byokit/testing` (imported by name), or the block fails to type-check.
 *
 * Nothing here reaches a network: `client` talks to `https://api.edgee.app`, which the doc-test
 * world (./doc-world.ts) answers with a fresh embedded local backend for every block, and every
 * provider host answers 401 there. Secrets are synthetic (AWS's documented example key).
 */
import { createClient } from "byokit";
import { createFixtures } from "byokit/testing";

export { expect } from "vitest";

/** A Console API client, as `createClient()` gives it (organization `org_123`). */
export const client = createClient({ organizationId: "org_123", token: "doc-test-token" });

const f = createFixtures();
/** ProviderKey records as the API returns them: an organization OpenAI key, a staging Bedrock key. */
export const records = [
  f.providerKey({ provider: "openai", name: "OpenAI (organization)" }),
  f.bedrockKey({
    name: "AWS staging",
    regions: ["eu-west-1", "global"],
    api_key_ids: ["key_staging"],
  }),
];
/** One more record, for `resolver.upsert(record)`. */
export const record = f.providerKey({ provider: "openai", api_key_ids: ["key_prod"] });

/** One Bedrock region's credentials (AWS's documented example key pair). */
export const regionCredentials = {
  access_key_id: "AKIAIOSFODNN7EXAMPLE",
  secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};
/** A Bedrock `provider_key`: region → credentials. */
export const key = { "eu-west-1": regionCredentials };

/** A Bedrock runtime request to authorize. */
export const url =
  "https://bedrock-runtime.eu-west-3.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1:0/invoke";
export const body = JSON.stringify({ messages: [{ role: "user", content: [{ text: "Hello" }] }] });

/** An admin token and the gateway API keys a backend is seeded with. */
export const token = "doc-test-token";
export const apiKeys = [
  { id: "key_staging", name: "Staging" },
  { id: "key_production", name: "Production" },
];
