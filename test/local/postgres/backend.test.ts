import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import { postgresStore } from "../../../src/local/postgres/postgres-store.js";
import { call, fakeApiKey, ORG, TOKEN } from "../helpers.js";
import { freshDatabase } from "./database.js";
import { freshSchema, newMasterKey } from "./fixtures.js";

let url = "";
beforeAll(async () => {
  ({ url } = await freshDatabase());
});

describe("a local backend on postgresStore", () => {
  it("keeps provider keys and gateway API keys across a restart, and resolves them", async () => {
    const schema = freshSchema();
    const masterKey = newMasterKey();
    const open = () => {
      const store = postgresStore({ connectionString: url, masterKey, schema });
      onTestFinished(() => store.close());
      return createLocalBackend({ store, token: TOKEN, organizationId: ORG });
    };
    const first = open();
    const secret = fakeApiKey();
    const created = await call(first, "POST", "/provider-keys", {
      body: { provider: "openai", name: "Shared", provider_key: secret },
    });
    expect(created.status).toBe(201);
    const apiKey = await call(first, "POST", "/api_keys", { body: { name: "Production" } });
    expect(apiKey.status).toBe(201);

    const restarted = open();
    const listed = await call(restarted, "GET", "/provider-keys?order_direction=ASC");
    expect(listed.json.data).toEqual([created.json]);
    const resolved = await restarted.resolve({ provider: "openai" });
    expect(resolved.status === "resolved" && resolved.credentials).toBe(secret);
    const revealed = await call(restarted, "GET", `/api_keys/${apiKey.json.id}/reveal`);
    expect(revealed.status).toBe(200);
    expect(revealed.json.key).toBe(apiKey.json.key);
  });
});
