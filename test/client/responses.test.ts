import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { fakeOpenAiKey } from "./fixtures.js";
import { API, record, testClient, useMockServer } from "./harness.js";

const { server } = useMockServer();
const client = testClient();

/** A record carrying only what Edgee documents. */
const edgeeRecord = {
  id: "pk_edgee",
  provider: "anthropic",
  name: "Claude",
  created_at: "2025-02-01T10:00:00Z",
};

describe("reading records leniently", () => {
  it("invents none of byokit's extensions when a server leaves them out", async () => {
    server.use(http.get(`${API}/provider-keys/pk_edgee`, () => HttpResponse.json(edgeeRecord)));
    const key = await client.providerKeys.get("pk_edgee");

    expect(key).toEqual({
      object: "provider_key",
      id: "pk_edgee",
      provider: "anthropic",
      name: "Claude",
      created_at: "2025-02-01T10:00:00Z",
      created_by: null,
    });
    expect(key).not.toHaveProperty("api_key_ids");
    expect(key).not.toHaveProperty("active");
    expect(key).not.toHaveProperty("preview");
    expect(key).not.toHaveProperty("updated_at");
    expect(key).not.toHaveProperty("version");
  });

  it("keeps every byokit field a server sends", async () => {
    const full = record({ api_key_ids: ["key_a"], active: false, version: 9 });
    server.use(http.get(`${API}/provider-keys/pk_1`, () => HttpResponse.json(full)));
    expect(await client.providerKeys.get("pk_1")).toEqual(full);
  });

  it("drops a secret a server wrongly sends, and any field it does not know", async () => {
    const secret = fakeOpenAiKey();
    server.use(
      http.get(`${API}/provider-keys/pk_1`, () =>
        HttpResponse.json({ ...record(), provider_key: secret, credentials: { api_key: secret } }),
      ),
    );
    const key = await client.providerKeys.get("pk_1");

    expect(key).not.toHaveProperty("provider_key");
    expect(key).not.toHaveProperty("credentials");
    expect(JSON.stringify(key)).not.toContain(secret);
  });

  it("drops secrets from records in a list, a create answer and an update answer", async () => {
    const secret = fakeOpenAiKey();
    const leaky = { ...record(), provider_key: secret };
    server.use(
      http.get(`${API}/provider-keys`, () =>
        HttpResponse.json({
          object: "list",
          url: "/",
          has_more: false,
          last_key: null,
          data: [leaky],
        }),
      ),
      http.post(`${API}/provider-keys`, () => HttpResponse.json(leaky, { status: 201 })),
      http.post(`${API}/provider-keys/pk_1`, () => HttpResponse.json(leaky)),
    );
    const page = await client.providerKeys.list();
    const created = await client.providerKeys.create({
      provider: "openai",
      name: "x",
      provider_key: secret,
    });
    const updated = await client.providerKeys.update("pk_1", { provider_key: secret });

    expect(JSON.stringify([page, created, updated])).not.toContain(secret);
  });

  it("keeps only an API key's public fields", async () => {
    server.use(
      http.get(`${API}/api_keys`, () =>
        HttpResponse.json({
          object: "list",
          url: "/",
          has_more: false,
          last_key: null,
          data: [
            {
              id: "key_1",
              name: "prod",
              active: true,
              key: "ek_live_FAKEsecret",
              created_at: "2025-01-01T00:00:00Z",
            },
          ],
        }),
      ),
    );
    const page = await client.apiKeys.list();
    expect(page.data).toEqual([
      {
        object: "ai_gateway_api_key",
        id: "key_1",
        name: "prod",
        active: true,
        created_at: "2025-01-01T00:00:00Z",
      },
    ]);
  });
});

describe("reading resolutions and test results", () => {
  it("reads a resolution's records leniently and without secrets", async () => {
    const secret = fakeOpenAiKey();
    server.use(
      http.post(`${API}/provider-keys/resolve`, () =>
        HttpResponse.json({
          status: "resolved",
          key: { ...edgeeRecord, provider: "bedrock", provider_key: secret },
          scope: "api_key",
          region: { requested: "eu-west-1", matched: "global" },
          shadowed: [{ ...edgeeRecord, id: "pk_other", provider: "bedrock" }],
          explanation: "served by Claude",
        }),
      ),
    );
    const answer = await client.providerKeys.resolve({
      provider: "bedrock",
      api_key_id: "key_a",
      region: "eu-west-1",
    });

    expect(answer).toMatchObject({
      status: "resolved",
      scope: "api_key",
      region: { requested: "eu-west-1", matched: "global" },
      key: { id: "pk_edgee" },
      shadowed: [{ id: "pk_other" }],
      explanation: "served by Claude",
    });
    expect(JSON.stringify(answer)).not.toContain(secret);
    expect(answer.status === "resolved" && answer.key).not.toHaveProperty("api_key_ids");
  });

  it("reads a region_unavailable answer with the keys of the chosen scope", async () => {
    server.use(
      http.post(`${API}/provider-keys/resolve`, () =>
        HttpResponse.json({
          status: "region_unavailable",
          scope: "organization",
          keys: [{ ...edgeeRecord, provider: "bedrock" }],
          explanation: "no key holds eu-west-3",
        }),
      ),
    );
    const answer = await client.providerKeys.resolve({ provider: "bedrock", region: "eu-west-3" });
    expect(answer).toMatchObject({ status: "region_unavailable", keys: [{ id: "pk_edgee" }] });
  });

  it("reads a rejected answer (a BYOK-only request no key serves) with its explanation", async () => {
    const explanation = "BYOK-only: the gateway refuses it instead of using its shared keys.";
    server.use(
      http.post(`${API}/provider-keys/resolve`, () =>
        HttpResponse.json({ status: "rejected", explanation }),
      ),
    );
    const answer = await client.providerKeys.resolve({ provider: "xai", api_key_id: "key_a" });
    expect(answer).toEqual({ status: "rejected", explanation });
  });

  it("scrubs the tested secret from a result message that echoes it", async () => {
    const secret = fakeOpenAiKey();
    server.use(
      http.post(`${API}/provider-keys/test`, () =>
        HttpResponse.json({
          ok: false,
          status: "invalid_credentials",
          message: `Incorrect API key provided: ${secret}`,
          http_status: 401,
          latency_ms: 40,
        }),
      ),
    );
    const result = await client.providerKeys.test({ provider: "openai", provider_key: secret });
    expect(result).toMatchObject({ ok: false, status: "invalid_credentials", http_status: 401 });
    expect(result.message).toContain("Incorrect API key provided");
    expect(result.message).not.toContain(secret.slice(8, 20));
  });

  it("reads a Bedrock test's per-region results", async () => {
    server.use(
      http.post(`${API}/provider-keys/pk_1/test`, () =>
        HttpResponse.json({
          ok: false,
          status: "permission_denied",
          message: "one region failed",
          latency_ms: 80,
          regions: [
            { region: "eu-west-1", ok: true, status: "valid", message: "ok" },
            { region: "global", ok: false, status: "permission_denied", message: "denied" },
          ],
        }),
      ),
    );
    const result = await client.providerKeys.testStored("pk_1");
    expect(result.regions?.map((entry) => [entry.region, entry.ok])).toEqual([
      ["eu-west-1", true],
      ["global", false],
    ]);
  });
});
