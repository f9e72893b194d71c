/**
 * `providerKeys.resolve()`: the query is checked field by field before anything is sent (every
 * issue at once, naming the field and never its value), and only the fields given go out.
 */
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { PROVIDER_IDS } from "../../src/providers/ids.js";
import type { ResolveQuery } from "../../src/resolver/types.js";
import { API, ORG_PATH, testClient, useMockServer } from "./harness.js";

const { server, sent, bodyOf, refusal } = useMockServer();
const client = testClient();

const PROVIDER_ISSUE = { path: "provider", message: `must be one of ${PROVIDER_IDS.join(", ")}` };
const API_KEY_ISSUE = { path: "api_key_id", message: "must be an API key id such as key_…" };
const REGION_ISSUE = { path: "region", message: 'must be an AWS region code or "global"' };
const BYOK_ISSUE = { path: "byok_only", message: "must be true or false" };

const unassigned = () =>
  HttpResponse.json({ status: "unassigned", explanation: "no key of this provider" });

async function issuesOf(query: unknown): Promise<readonly unknown[]> {
  return (await refusal(() => client.providerKeys.resolve(query as ResolveQuery))).issues;
}

describe("what a resolve sends", () => {
  it("posts to the resolve route and reads the answer", async () => {
    server.use(http.post(`${API}/provider-keys/resolve`, unassigned));
    const answer = await client.providerKeys.resolve({ provider: "openai" });
    expect(answer).toEqual({ status: "unassigned", explanation: "no key of this provider" });
    expect(sent[0]?.method).toBe("POST");
    expect(sent[0]?.url.pathname).toBe(`${ORG_PATH}/provider-keys/resolve`);
    expect(await bodyOf(0)).toEqual({ provider: "openai" });
  });

  it("sends every field given: the API key, a Bedrock region and byok_only", async () => {
    server.use(http.post(`${API}/provider-keys/resolve`, unassigned));
    await client.providerKeys.resolve({
      provider: "bedrock",
      api_key_id: "key_staging",
      region: "global",
      byok_only: false,
    });
    expect(await bodyOf(0)).toEqual({
      provider: "bedrock",
      api_key_id: "key_staging",
      region: "global",
      byok_only: false,
    });
  });

  it("sends no region for a Bedrock query without one", async () => {
    server.use(http.post(`${API}/provider-keys/resolve`, unassigned));
    await client.providerKeys.resolve({ provider: "bedrock", api_key_id: "key_a" });
    expect(await bodyOf(0)).toEqual({ provider: "bedrock", api_key_id: "key_a" });
  });

  it("neither checks nor sends a region for a provider other than Bedrock", async () => {
    server.use(http.post(`${API}/provider-keys/resolve`, unassigned));
    await client.providerKeys.resolve({ provider: "openai", region: "not a region at all" });
    expect(await bodyOf(0)).toEqual({ provider: "openai" });
  });

  it("sends byok_only true as given", async () => {
    server.use(http.post(`${API}/provider-keys/resolve`, unassigned));
    await client.providerKeys.resolve({ provider: "xai", api_key_id: "key_a", byok_only: true });
    expect(await bodyOf(0)).toEqual({ provider: "xai", api_key_id: "key_a", byok_only: true });
  });
});

describe("a resolve refused before anything is sent", () => {
  it.each([null, "openai", 42])("a query that is not an object (%j)", async (query) => {
    const issues = await issuesOf(query);
    expect(issues).toEqual([
      { path: "", message: "must be an object { provider, api_key_id?, region?, byok_only? }" },
    ]);
  });

  it("an unknown provider, naming every known one", async () => {
    expect(await issuesOf({ provider: "openai-compatible" })).toEqual([PROVIDER_ISSUE]);
    expect(await issuesOf({})).toEqual([PROVIDER_ISSUE]);
  });

  it("an API key id that is not one", async () => {
    expect(await issuesOf({ provider: "openai", api_key_id: "key 1" })).toEqual([API_KEY_ISSUE]);
  });

  it("a Bedrock region that is not one", async () => {
    expect(await issuesOf({ provider: "bedrock", region: "moon-1" })).toEqual([REGION_ISSUE]);
  });

  it("a byok_only that is not a boolean", async () => {
    expect(await issuesOf({ provider: "openai", byok_only: "yes" })).toEqual([BYOK_ISSUE]);
  });

  it("every bad field at once, in order", async () => {
    expect(
      await issuesOf({ provider: "bedrock", api_key_id: "key/1", region: "x", byok_only: 1 }),
    ).toEqual([API_KEY_ISSUE, REGION_ISSUE, BYOK_ISSUE]);
    expect(await issuesOf({ provider: "nope", api_key_id: "" })).toEqual([
      PROVIDER_ISSUE,
      API_KEY_ISSUE,
    ]);
  });
});
