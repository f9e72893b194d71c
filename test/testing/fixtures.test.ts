import { describe, expect, it } from "vitest";
import { PROVIDER_IDS } from "../../src/providers/ids.js";
import { providers } from "../../src/providers/registry.js";
import { createResolver } from "../../src/resolver/index.js";
import { apiKeyIdSchema, nameSchema } from "../../src/schemas/fields.js";
import { createFixtures } from "../../src/testing/fixtures.js";

describe("createFixtures()", () => {
  it("gives ids and created_at that increase in creation order, across builders", () => {
    const f = createFixtures();
    const records = [
      f.providerKey(),
      f.bedrockKey(),
      f.providerKey({ provider: "anthropic" }),
      f.bedrockKey({ regions: ["eu-west-1"] }),
      f.providerKey({ provider: "google_vertex_ai" }),
    ];
    const ids = records.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^pk_\d+$/);
    const times = records.map((r) => Date.parse(r.created_at));
    for (const [at, time] of times.entries()) {
      expect(Number.isNaN(time)).toBe(false);
      if (at > 0) expect(time).toBeGreaterThan(times[at - 1]!);
    }
  });

  it("starts every factory at the same sequence, independently", () => {
    const first = createFixtures();
    const second = createFixtures();
    const firstOfFirst = first.providerKey();
    first.providerKey();
    // Building from one factory does not advance the other.
    expect(second.providerKey()).toEqual(firstOfFirst);
    expect(first.providerKey().id).toBe("pk_0003");
    expect(second.providerKey().id).toBe("pk_0002");
  });

  it("builds complete public records, with no secret in them", () => {
    const f = createFixtures();
    for (const provider of PROVIDER_IDS) {
      const record = f.providerKey({ provider });
      expect(record).toMatchObject({
        object: "provider_key",
        provider,
        api_key_ids: [],
        active: true,
        created_by: expect.any(String),
        version: 1,
      });
      expect(record.updated_at).toBe(record.created_at);
      expect(nameSchema.safeParse(record.name).success).toBe(true);
      // The preview has the shape the provider's real records carry.
      expect(record.preview?.type).toBe(providers[provider].credentialKind);
      expect(JSON.stringify(record)).not.toContain("fixture-000000");
    }
  });

  it("lets every field be overridden", () => {
    const f = createFixtures();
    const record = f.providerKey({
      id: "pk_custom",
      name: "Production",
      provider: "mistral",
      api_key_ids: ["key_prod"],
      active: false,
      created_at: "2024-06-01T00:00:00.000Z",
    });
    expect(record).toMatchObject({
      id: "pk_custom",
      name: "Production",
      provider: "mistral",
      api_key_ids: ["key_prod"],
      active: false,
      created_at: "2024-06-01T00:00:00.000Z",
    });
  });

  it("gives Bedrock fixtures previews that carry their regions", () => {
    const f = createFixtures();
    const preview = f.bedrockKey({ regions: ["eu-west-1", "us-gov-west-1", "global"] }).preview;
    expect(preview?.type).toBe("aws_iam");
    if (preview?.type !== "aws_iam") return;
    expect(preview.regions.map((entry) => entry.region)).toEqual([
      "eu-west-1",
      "us-gov-west-1",
      "global",
    ]);
    for (const entry of preview.regions) {
      expect(entry.access_key_id).toMatch(/^AKIA\.\.\.\w{1,4}$/);
      expect(typeof entry.session_token).toBe("boolean");
    }
  });

  it("holds global by default and stays Bedrock whatever provider is passed", () => {
    const f = createFixtures();
    const record = f.bedrockKey({ provider: "openai" });
    expect(record.provider).toBe("bedrock");
    expect(record.preview).toMatchObject({ type: "aws_iam", regions: [{ region: "global" }] });
    expect(f.providerKey({ provider: "bedrock" }).preview).toMatchObject({
      regions: [{ region: "global" }],
    });
  });

  it("ignores regions for non-Bedrock keys", () => {
    const record = createFixtures().providerKey({ provider: "openai", regions: ["eu-west-1"] });
    expect(record.preview?.type).toBe("api_key");
    expect(record).not.toHaveProperty("regions");
  });

  it("builds API keys with valid ids from the same sequence", () => {
    const f = createFixtures();
    const apiKey = f.apiKey();
    expect(apiKey).toMatchObject({ object: "ai_gateway_api_key", active: true });
    expect(apiKeyIdSchema.safeParse(apiKey.id).success).toBe(true);
    expect(apiKey.id).toMatch(/^key_/);
    expect(f.apiKey({ id: "key_staging", name: "Staging" })).toMatchObject({
      id: "key_staging",
      name: "Staging",
    });
    expect(f.apiKey().id).not.toBe(apiKey.id);
  });

  it("produces records createResolver accepts, where creation order is the tie order", () => {
    const f = createFixtures();
    const staging = f.apiKey({ id: "key_staging" });
    const first = f.providerKey();
    const second = f.providerKey();
    const stagingKey = f.providerKey({ api_key_ids: [staging.id] });
    const eu = f.bedrockKey({ regions: ["eu-west-1"] });
    const global = f.bedrockKey();
    const resolver = createResolver([global, stagingKey, second, eu, first]);
    expect(resolver.size).toBe(5);
    expect(resolver.resolve({ provider: "openai" })).toMatchObject({
      status: "resolved",
      key: first,
      shadowed: [second],
    });
    expect(resolver.resolve({ provider: "openai", api_key_id: staging.id })).toMatchObject({
      key: stagingKey,
      scope: "api_key",
    });
    expect(resolver.resolve({ provider: "bedrock", region: "eu-west-1" })).toMatchObject({
      key: eu,
      region: { requested: "eu-west-1", matched: "eu-west-1" },
    });
    expect(resolver.resolve({ provider: "bedrock", region: "us-east-1" })).toMatchObject({
      key: global,
      region: { matched: "global" },
    });
    expect(resolver.lint().map((finding) => finding.key)).toEqual([second]);
  });
});
