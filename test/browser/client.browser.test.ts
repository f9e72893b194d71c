/**
 * The client in Chromium against the real local server over HTTP: every call is a cross-origin
 * request from the test page (`localhost`) to `127.0.0.1`, so preflights, allowed headers and
 * exposed headers are the browser's, not a simulation. Each test gets a fresh organization
 * (the server keeps one store per organization), so the contract suite sees an empty server.
 */
import { describe, expect, inject, it } from "vitest";
import { createClient } from "../../src/client/create-client.js";
import { ConnectionError, NotFoundError } from "../../src/errors/index.js";
import { fakeAwsRegion } from "../client/fixtures.js";
import { clientContractSuite } from "../client/suite.js";
import { API_KEY_IDS } from "./setup/shared-inputs.js";

const apiUrl = inject("apiUrl");
const token = inject("consoleToken");

function freshClient(baseUrl = apiUrl) {
  const organizationId = `org_browser_${crypto.randomUUID().slice(0, 8)}`;
  return createClient({ organizationId, token, baseUrl, maxRetries: 0 });
}

clientContractSuite("Chromium → byokit serve over HTTP with CORS", async () => ({
  client: freshClient(),
  apiKeyIds: API_KEY_IDS,
}));

describe("the client across origins in Chromium", () => {
  it("reads X-Request-Id from an error response, which CORS must expose", async () => {
    const client = freshClient();
    const failure = await client.providerKeys.get("pk_missing").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NotFoundError);
    expect((failure as NotFoundError).requestId).toMatch(/^req_/);
  });

  it("is refused by a server that allows another origin only", async () => {
    const client = freshClient(inject("foreignOriginApiUrl"));
    const failure = await client.apiKeys.list().catch((error: unknown) => error);
    // The browser hides why (CORS looks like a network failure), and so does the client.
    expect(failure).toBeInstanceOf(ConnectionError);
    expect(String((failure as Error).message)).not.toContain(token);
  });

  it("resolves per API key and Bedrock region through the server", async () => {
    const client = freshClient();
    await client.providerKeys.create({
      provider: "bedrock",
      name: "AWS organization",
      provider_key: { global: fakeAwsRegion() },
    });
    const staging = await client.providerKeys.create({
      provider: "bedrock",
      name: "AWS staging",
      provider_key: { "eu-west-3": fakeAwsRegion(), "us-east-1": fakeAwsRegion() },
      api_key_ids: ["key_staging"],
    });

    const answer = await client.providerKeys.resolve({
      provider: "bedrock",
      api_key_id: "key_staging",
      region: "eu-west-3",
    });
    expect(answer).toMatchObject({
      status: "resolved",
      scope: "api_key",
      key: { id: staging.id },
      region: { requested: "eu-west-3", matched: "eu-west-3" },
    });
    const unavailable = await client.providerKeys.resolve({
      provider: "bedrock",
      api_key_id: "key_staging",
      region: "ap-south-1",
    });
    // The organization's global key is never consulted for a scope that has keys.
    expect(unavailable.status).toBe("region_unavailable");
    expect(JSON.stringify([answer, unavailable])).not.toContain("fakeSecret");
  });

  it("reports a refused credential without the secret the provider echoed back", async () => {
    const client = freshClient();
    const revoked = `sk-test-FAKE-REVOKED-${crypto.randomUUID().replaceAll("-", "")}`;
    const result = await client.providerKeys.test({ provider: "openai", provider_key: revoked });
    expect(result).toMatchObject({ ok: false, status: "invalid_credentials", http_status: 401 });
    expect(JSON.stringify(result)).not.toContain(revoked.slice(-12));
  });
});
