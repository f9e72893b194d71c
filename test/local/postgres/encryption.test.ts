import { readFileSync } from "node:fs";
import type pg from "pg";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { keyId } from "../../../src/local/postgres/master-key-ring.js";
import {
  type PostgresStoreOptions,
  postgresStore,
} from "../../../src/local/postgres/postgres-store.js";
import { PostgresStoreError } from "../../../src/local/postgres/postgres-store-error.js";
import { rotateMasterKey } from "../../../src/local/postgres/rotate-master-key.js";
import { freshDatabase, serverLog } from "./database.js";
import {
  fakeApiKey,
  fakeRegion,
  freshSchema,
  newMasterKey,
  storedApiKey,
  storedOpenAiEntry,
} from "./fixtures.js";

let url = "";
let admin: pg.Client;
beforeAll(async () => {
  ({ url, admin } = await freshDatabase());
});

/** A store closed after the test. */
function open(options: Omit<PostgresStoreOptions, "connectionString">) {
  const store = postgresStore({ connectionString: url, ...options });
  onTestFinished(() => store.close());
  return store;
}

const idOf = (base64: string) => keyId(Buffer.from(base64, "base64"));

describe("postgresStore: secrets encrypted in the application", () => {
  it("refuses to start with a master key that cannot read the database, and never overwrites a row", async () => {
    const schema = freshSchema();
    const right = newMasterKey();
    const owner = open({ schema, masterKey: right });
    const entry = storedOpenAiEntry("pk_1", fakeApiKey());
    await owner.put(entry);
    const before = await admin.query(`SELECT * FROM ${schema}.provider_keys`);

    const intruder = open({ schema, masterKey: newMasterKey() });
    const refused = await intruder.load().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PostgresStoreError);
    expect(refused).toMatchObject({ reason: "wrong_master_key" });
    await expect(intruder.put(storedOpenAiEntry("pk_1", fakeApiKey()))).rejects.toMatchObject({
      reason: "wrong_master_key",
    });
    await expect(intruder.delete("org_1", "pk_1")).rejects.toBeInstanceOf(PostgresStoreError);
    expect((await admin.query(`SELECT * FROM ${schema}.provider_keys`)).rows).toEqual(before.rows);
    expect(await owner.get("org_1", "pk_1")).toEqual(entry);
    // The canary catches a wrong key even before any secret is stored.
    const empty = freshSchema();
    await open({ schema: empty, masterKey: right }).load();
    await expect(open({ schema: empty, masterKey: newMasterKey() }).load()).rejects.toMatchObject({
      reason: "wrong_master_key",
    });
  });

  it("never serves a row whose organization, id or version was changed by SQL", async () => {
    const schema = freshSchema();
    const store = open({ schema, masterKey: newMasterKey() });
    for (const id of ["pk_moved", "pk_renamed", "pk_bumped"]) {
      await store.put(storedOpenAiEntry(id, fakeApiKey()));
    }
    await store.apiKeys.put(storedApiKey("key_copied"));
    const table = `${schema}.provider_keys`;
    await admin.query(`UPDATE ${table} SET organization_id = 'org_evil' WHERE id = 'pk_moved'`);
    await admin.query(`UPDATE ${table} SET id = 'pk_other' WHERE id = 'pk_renamed'`);
    await admin.query(`UPDATE ${table} SET version = 9 WHERE id = 'pk_bumped'`);
    await admin.query(
      `INSERT INTO ${schema}.api_keys SELECT 'org_evil', id, version, record, key_id, iv, tag, secret FROM ${schema}.api_keys`,
    );
    for (const [organization, id] of [
      ["org_evil", "pk_moved"],
      ["org_1", "pk_other"],
      ["org_1", "pk_bumped"],
    ] as const) {
      await expect(store.get(organization, id)).rejects.toMatchObject({
        name: "PostgresStoreError",
        reason: "tampered",
      });
    }
    await expect(store.load()).rejects.toMatchObject({ reason: "tampered" });
    await expect(store.apiKeys.get("org_evil", "key_copied")).rejects.toMatchObject({
      reason: "tampered",
    });
    expect((await store.apiKeys.get("org_1", "key_copied"))?.record.id).toBe("key_copied");
  });

  it("keeps every secret out of the database and the server log, which see ciphertext only", async () => {
    const schema = freshSchema();
    const masterKey = newMasterKey();
    const store = open({ schema, masterKey });
    const openaiSecret = fakeApiKey();
    const region = fakeRegion({ sessionToken: true });
    const apiKey = storedApiKey("key_secret");
    const answerSecret = fakeApiKey("ek-test-ANSWER");
    await store.put(storedOpenAiEntry("pk_openai", openaiSecret));
    await store.put(storedOpenAiEntry("pk_bedrock", { global: region }));
    await store.apiKeys.put(apiKey);
    await store.idempotency.claim("org_1", "idem", "fp", { leaseMs: 1000, ttlMs: 60_000 });
    await store.idempotency.complete("org_1", "idem", {
      status: 201,
      body: JSON.stringify({ key: answerSecret }),
      headers: [],
    });
    const tables = await admin.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1",
      [schema],
    );
    expect(tables.rows.length).toBeGreaterThanOrEqual(6);
    let dump = "";
    for (const { table_name } of tables.rows) {
      const rows = await admin.query(`SELECT t::text AS row FROM ${schema}.${table_name} t`);
      dump += rows.rows.map((row) => row.row).join("\n");
    }
    expect(dump).toContain("pk_openai"); // the dump is real
    const secrets = [
      openaiSecret,
      region.secret_access_key,
      region.session_token as string,
      apiKey.key,
      answerSecret,
      masterKey,
    ];
    const log = readFileSync(serverLog(), "utf8");
    expect(log).toContain("pk_openai"); // statements and parameters are logged
    for (const secret of secrets) {
      for (const form of [secret, Buffer.from(secret).toString("hex")]) {
        expect(dump).not.toContain(form);
        expect(log).not.toContain(form);
      }
    }
  });

  it("rotates the master key in batches while an instance with previousMasterKeys keeps reading", async () => {
    const schema = freshSchema();
    const from = newMasterKey();
    const to = newMasterKey();
    const old = open({ schema, masterKey: from });
    const entries = Array.from({ length: 120 }, (_, i) =>
      storedOpenAiEntry(`pk_${String(i).padStart(3, "0")}`, fakeApiKey()),
    );
    for (const entry of entries) await old.put(entry);
    await old.apiKeys.put(storedApiKey("key_1"));
    await old.idempotency.claim("org_1", "idem", "fp", { leaseMs: 1000, ttlMs: 60_000 });
    await old.idempotency.complete("org_1", "idem", { status: 201, body: "{}", headers: [] });
    await old.close();

    // A wrong `from` is refused before anything changes.
    await expect(
      rotateMasterKey({ connectionString: url, schema, from: newMasterKey(), to }),
    ).rejects.toMatchObject({ reason: "wrong_master_key" });
    // An instance that was never given the new key, still running through the rotation.
    const stale = open({ schema, masterKey: from });
    await stale.load();
    const reader = open({ schema, masterKey: to, previousMasterKeys: [from] });
    expect(await reader.load()).toEqual(entries);
    let reading = true;
    let reads = 0;
    const readLoop = (async () => {
      while (reading) {
        expect(await reader.load()).toHaveLength(120);
        reads++;
      }
    })();
    const result = await rotateMasterKey({
      connectionString: url,
      schema,
      from,
      to,
      batchSize: 50,
    });
    reading = false;
    await readLoop;
    expect(reads).toBeGreaterThan(0);
    expect(result).toEqual({
      rotated: { provider_keys: 120, api_keys: 1, idempotency_records: 1 },
      from: idOf(from),
      to: idOf(to),
    });
    const ids = await admin.query(
      `SELECT DISTINCT key_id FROM ${schema}.provider_keys UNION SELECT key_id FROM ${schema}.master_key_canaries`,
    );
    expect(ids.rows).toEqual([{ key_id: idOf(to) }]);
    // The stale instance cannot write a row the fleet could not read.
    await expect(stale.put(storedOpenAiEntry("pk_stale", fakeApiKey()))).rejects.toMatchObject({
      reason: "wrong_master_key",
    });
    await expect(stale.put(entries[0]!, { expectedVersion: 1 })).rejects.toMatchObject({
      reason: "wrong_master_key",
    });
    // Nor keep an answer for an idempotency key: the new-key instances could not start.
    await stale.idempotency.claim("org_1", "late", "fp", { leaseMs: 1000, ttlMs: 1 });
    await expect(
      stale.idempotency.complete("org_1", "late", { status: 201, body: "{}", headers: [] }),
    ).rejects.toMatchObject({ reason: "wrong_master_key" });
    await expect(
      stale.apiKeys.put(storedApiKey("key_stale"), { expectedVersion: null }),
    ).rejects.toMatchObject({
      reason: "wrong_master_key",
    });
    // Idempotent: nothing left to do.
    const again = await rotateMasterKey({ connectionString: url, schema, from, to });
    expect(again.rotated).toEqual({ provider_keys: 0, api_keys: 0, idempotency_records: 0 });
    // The new key alone reads everything; the old one alone is refused.
    const fresh = open({ schema, masterKey: to });
    expect(await fresh.load()).toEqual(entries);
    expect(
      (await fresh.idempotency.claim("org_1", "idem", "fp", { leaseMs: 1, ttlMs: 1 })).state,
    ).toBe("done");
    await expect(open({ schema, masterKey: from }).load()).rejects.toMatchObject({
      reason: "wrong_master_key",
    });
  });

  it("refuses a batch size that could never finish, before connecting", async () => {
    for (const batchSize of [0, -1, 1.5]) {
      await expect(
        rotateMasterKey({
          connectionString: url,
          from: newMasterKey(),
          to: newMasterKey(),
          batchSize,
        }),
      ).rejects.toThrow("batchSize: must be an integer of at least 1");
    }
  });
});
