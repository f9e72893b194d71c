/**
 * The client's happy paths, against any server of the Console API: run here against an msw
 * fake, and (once merged) against the local backend in-process and over HTTP via `serve`.
 * It uses only the public client, so whatever the server, it checks the same contract.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ConsoleClient } from "../../src/client/create-client.js";
import {
  BadRequestError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from "../../src/errors/index.js";
import type { ProviderKey } from "../../src/providers/record.js";
import { fakeAwsRegion, fakeOpenAiKey } from "./fixtures.js";

export interface ClientContractContext {
  readonly client: ConsoleClient;
  /** Gateway API keys the server knows (at least two), for `api_key_ids`. */
  readonly apiKeyIds: readonly string[];
  /** Runs after each test: close a server, drop a store. */
  readonly teardown?: () => Promise<void> | void;
}

/**
 * Registers the suite. `setup` runs before each test and must give a server with no provider
 * keys and the seeded API keys.
 */
export function clientContractSuite(
  name: string,
  setup: () => Promise<ClientContractContext>,
): void {
  describe(`client contract: ${name}`, () => {
    let client: ConsoleClient;
    let apiKeyIds: readonly string[];
    let teardown: ClientContractContext["teardown"];

    beforeEach(async () => {
      ({ client, apiKeyIds, teardown } = await setup());
    });
    afterEach(async () => {
      await teardown?.();
    });

    const createOpenAi = (name: string, secret = fakeOpenAiKey(), api_key_ids: string[] = []) =>
      client.providerKeys.create({ provider: "openai", name, provider_key: secret, api_key_ids });

    it("creates a key and hands back a masked record, never the secret", async () => {
      const secret = fakeOpenAiKey();
      const created = await createOpenAi("OpenAI prod", secret);

      expect(created).toMatchObject({
        object: "provider_key",
        provider: "openai",
        name: "OpenAI prod",
        api_key_ids: [],
        active: true,
        preview: { type: "api_key", key: `sk-...${secret.slice(-4)}` },
      });
      expect(created.id).toMatch(/^pk_/);
      expect(JSON.stringify(created)).not.toContain(secret.slice(8));
      expect(created).not.toHaveProperty("provider_key");
    });

    it("reads back what it created", async () => {
      const created = await createOpenAi("OpenAI prod");
      const read = await client.providerKeys.get(created.id);
      expect(read).toEqual(created);
    });

    it("sends a typed Bedrock region map and shows its regions in the preview", async () => {
      const europe = fakeAwsRegion();
      const fallback = fakeAwsRegion();
      const created = await client.providerKeys.create({
        provider: "bedrock",
        name: "AWS",
        provider_key: { "eu-west-1": europe, global: fallback },
      });

      expect(created.preview).toMatchObject({ type: "aws_iam" });
      const regions = (created.preview as unknown as { regions: { region: string }[] }).regions;
      expect(regions.map((entry) => entry.region).sort()).toEqual(["eu-west-1", "global"]);
      const text = JSON.stringify(created);
      expect(text).not.toContain(europe.secret_access_key);
      expect(text).not.toContain(fallback.secret_access_key);
    });

    it("assigns a key to a gateway API key", async () => {
      const created = await createOpenAi("staging", fakeOpenAiKey(), [apiKeyIds[0]!]);
      expect(created.api_key_ids).toEqual([apiKeyIds[0]]);
    });

    it("refuses an unknown API key id with a 400 naming api_key_ids", async () => {
      const error = await createOpenAi("x", fakeOpenAiKey(), ["key_does_not_exist"]).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(BadRequestError);
      // `api_key_ids` or the precise `api_key_ids[0]`; either way the id itself is named.
      const named = (error as BadRequestError).params.find((p) =>
        p.param.startsWith("api_key_ids"),
      );
      // At least its prefix (the local backend shows only `key_do…`, see safe-echo.ts).
      expect(named?.message).toMatch(/key_do/);
      expect((await client.providerKeys.list()).data).toHaveLength(0);
    });

    it("rejects invalid input before sending it", async () => {
      await expect(
        client.providerKeys.create({ provider: "openai", name: "", provider_key: "short" }),
      ).rejects.toBeInstanceOf(ValidationError);
      expect((await client.providerKeys.list()).data).toHaveLength(0);
    });

    it("renames a key, keeps its secret and bumps its version", async () => {
      const created = await createOpenAi("old name");
      const updated = await client.providerKeys.update(
        created.id,
        { name: "new name" },
        { ifMatch: created.version },
      );

      expect(updated.name).toBe("new name");
      expect(updated.preview).toEqual(created.preview);
      if (created.version !== undefined) expect(updated.version).toBeGreaterThan(created.version);
      expect((await client.providerKeys.get(created.id)).name).toBe("new name");
    });

    it("refuses a stale If-Match with 412 and writes nothing", async () => {
      const created = await createOpenAi("original");
      if (created.version === undefined) return expect.fail("the server sent no version");
      await client.providerKeys.update(created.id, { name: "first" }, { ifMatch: created.version });

      const stale = client.providerKeys.update(
        created.id,
        { name: "second" },
        { ifMatch: created.version },
      );
      await expect(stale).rejects.toBeInstanceOf(PreconditionFailedError);
      expect((await client.providerKeys.get(created.id)).name).toBe("first");
    });

    it("deletes a key, after which reading it is a NotFoundError", async () => {
      const created = await createOpenAi("doomed");
      await expect(client.providerKeys.delete(created.id)).resolves.toBeUndefined();
      await expect(client.providerKeys.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(client.providerKeys.delete(created.id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it("deletes with a current If-Match, and refuses a stale one with 412 keeping the key", async () => {
      const created = await createOpenAi("guarded");
      if (created.version === undefined) return expect.fail("the server sent no version");
      const renamed = await client.providerKeys.update(created.id, { name: "renamed" });

      const stale = client.providerKeys.delete(created.id, { ifMatch: created.version });
      await expect(stale).rejects.toBeInstanceOf(PreconditionFailedError);
      expect((await client.providerKeys.get(created.id)).name).toBe("renamed");
      await expect(
        client.providerKeys.delete(created.id, { ifMatch: renamed.version! }),
      ).resolves.toBeUndefined();
      await expect(client.providerKeys.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it("returns the first record when a create is repeated with its idempotency key", async () => {
      const input = { provider: "openai", name: "once", provider_key: fakeOpenAiKey() } as const;
      const first = await client.providerKeys.create(input, { idempotencyKey: "create-once-1" });
      const again = await client.providerKeys.create(input, { idempotencyKey: "create-once-1" });

      expect(again.id).toBe(first.id);
      expect((await client.providerKeys.list()).data).toHaveLength(1);
    });

    it("awaits one page and iterates every key across pages", async () => {
      const created: ProviderKey[] = [];
      for (let index = 0; index < 5; index++) created.push(await createOpenAi(`key ${index}`));

      const firstPage = await client.providerKeys.list({ limit: 2 });
      expect(firstPage.object).toBe("list");
      expect(firstPage.data).toHaveLength(2);
      expect(firstPage.has_more).toBe(true);

      const seen: string[] = [];
      for await (const key of client.providerKeys.list({ limit: 2 })) seen.push(key.id);
      expect([...seen].sort()).toEqual(created.map((key) => key.id).sort());
    });

    it("filters the list by provider", async () => {
      await createOpenAi("openai");
      await client.providerKeys.create({
        provider: "bedrock",
        name: "aws",
        provider_key: { global: fakeAwsRegion() },
      });

      const page = await client.providerKeys.list({ provider: "bedrock" });
      expect(page.data.map((key) => key.name)).toEqual(["aws"]);
    });

    it("lists the gateway API keys", async () => {
      const ids: string[] = [];
      for await (const apiKey of client.apiKeys.list()) ids.push(apiKey.id);
      expect(ids).toEqual(expect.arrayContaining([...apiKeyIds]));
    });

    it("resolves a request to the organization key", async () => {
      const created = await createOpenAi("org default");
      const answer = await client.providerKeys.resolve({ provider: "openai" });

      expect(answer.status).toBe("resolved");
      if (answer.status !== "resolved") return;
      expect(answer.key.id).toBe(created.id);
      expect(answer.scope).toBe("organization");
      expect(answer.explanation).not.toBe("");
    });

    it("resolves to unassigned when no key of the provider exists", async () => {
      const answer = await client.providerKeys.resolve({ provider: "mistral" });
      expect(answer.status).toBe("unassigned");
    });

    it("tests credentials and never echoes them", async () => {
      const secret = fakeOpenAiKey();
      const result = await client.providerKeys.test({ provider: "openai", provider_key: secret });
      expect(typeof result.ok).toBe("boolean");
      expect(typeof result.status).toBe("string");
      expect(JSON.stringify(result)).not.toContain(secret.slice(8));
    });

    it("tests a stored key by id", async () => {
      const created = await createOpenAi("stored");
      const result = await client.providerKeys.testStored(created.id);
      expect(typeof result.ok).toBe("boolean");
      await expect(client.providerKeys.testStored("pk_missing")).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });
  });
}
