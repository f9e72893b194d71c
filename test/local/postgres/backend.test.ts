import pg from "pg";
import { beforeAll, describe, expect, inject, it, onTestFinished } from "vitest";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import { postgresStore } from "../../../src/local/postgres/postgres-store.js";
import { call, fakeApiKey, ORG, TOKEN } from "../helpers.js";
import { freshDatabase } from "./database.js";
import { freshSchema, newMasterKey } from "./fixtures.js";

let url = "";
let adminPid = 0;
beforeAll(async () => {
  const database = await freshDatabase();
  url = database.url;
  adminPid = (await database.admin.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
});

/** Runs one statement about the test database from the cluster's own `postgres` database. */
async function fromOutside(statement: (database: string) => string): Promise<void> {
  const outside = new pg.Client({ connectionString: inject("postgresUrl") });
  await outside.connect();
  try {
    await outside.query(statement(new URL(url).pathname.slice(1)));
  } finally {
    await outside.end();
  }
}

/** Cuts every connection to the test database (but the admin's) and refuses new ones. */
async function takeDatabaseDown(): Promise<void> {
  await fromOutside((database) => `ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
  await fromOutside(
    (database) =>
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND pid <> ${adminPid}`,
  );
}

const bringDatabaseBack = () =>
  fromOutside((database) => `ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);

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

  it("answers resolve() from memory while the database is down; a write gets a 500 and changes nothing", async () => {
    const store = postgresStore({
      connectionString: url,
      masterKey: newMasterKey(),
      schema: freshSchema(),
    });
    onTestFinished(() => store.close());
    const local = createLocalBackend({ store, token: TOKEN, organizationId: ORG });
    const secret = fakeApiKey();
    const created = await call(local, "POST", "/provider-keys", {
      body: { provider: "mistral", name: "Before the outage", provider_key: secret },
    });
    expect(created.status).toBe(201);

    await takeDatabaseDown();
    onTestFinished(bringDatabaseBack);
    const resolved = await local.resolve({ provider: "mistral" });
    expect(resolved.status === "resolved" && resolved.credentials).toBe(secret);
    const written = await call(local, "POST", `/provider-keys/${created.json.id}`, {
      body: { name: "During the outage" },
    });
    expect(written.status).toBe(500);
    expect(written.json.error.message).toContain(written.headers.get("x-request-id"));
    expect(written.text).not.toContain(url);
    expect(written.text).not.toContain(secret);

    await bringDatabaseBack();
    const listed = await call(local, "GET", `/provider-keys/${created.json.id}`);
    expect(listed.json).toMatchObject({ name: "Before the outage", version: 1 });
    const retried = await call(local, "POST", `/provider-keys/${created.json.id}`, {
      body: { name: "After the outage" },
    });
    expect(retried.status).toBe(200);
    expect(retried.json).toMatchObject({ name: "After the outage", version: 2 });
  });
});
