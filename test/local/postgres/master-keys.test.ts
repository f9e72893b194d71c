import { createHmac } from "node:crypto";
import pg from "pg";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { ValidationError } from "../../../src/errors/validation-error.js";
import {
  keyId,
  MasterKeyRing,
  parseMasterKey,
} from "../../../src/local/postgres/master-key-ring.js";
import { migrate } from "../../../src/local/postgres/migrate.js";
import { postgresStore } from "../../../src/local/postgres/postgres-store.js";
import { PostgresStoreError } from "../../../src/local/postgres/postgres-store-error.js";
import { rotateMasterKey } from "../../../src/local/postgres/rotate-master-key.js";
import { freshDatabase } from "./database.js";
import { fakeApiKey, freshSchema, newMasterKey, storedOpenAiEntry } from "./fixtures.js";
import { rejection } from "./probes.js";

let url = "";
let admin: pg.Client;
beforeAll(async () => {
  ({ url, admin } = await freshDatabase());
});

const bytes = (base64: string) => Buffer.from(base64, "base64");
const idOf = (base64: string) => keyId(bytes(base64));

/** A store closed after the test. */
function open(schema: string, masterKey: string, previousMasterKeys: string[] = []) {
  const store = postgresStore({ connectionString: url, schema, masterKey, previousMasterKeys });
  onTestFinished(() => store.close());
  return store;
}

describe("MasterKeyRing", () => {
  it("knows its keys by the documented id: 8 bytes of HMAC-SHA256(key, 'byokit key id'), hex", () => {
    const current = bytes(newMasterKey());
    const previous = bytes(newMasterKey());
    const documented = (key: Buffer) =>
      createHmac("sha256", key).update("byokit key id").digest().subarray(0, 8).toString("hex");
    const ring = new MasterKeyRing(current, [previous]);
    expect(ring.currentId).toBe(documented(current));
    expect(ring.ids).toEqual([documented(current), documented(previous)]);
    expect(ring.has(documented(previous))).toBe(true);
    expect(ring.has(keyId(bytes(newMasterKey())))).toBe(false);
  });

  it("opens what it sealed only in the same context, and tells an unknown key from a tampered value", () => {
    const ring = new MasterKeyRing(bytes(newMasterKey()), []);
    const secret = "sk-test-FAKE-ключ-🔑";
    const sealed = ring.encrypt(secret, ["provider_key", "org_1", "pk_1", 1]);
    expect(ring.decrypt(sealed, ["provider_key", "org_1", "pk_1", 1])).toEqual({
      plaintext: secret,
    });
    expect(ring.decrypt(sealed, ["provider_key", "org_1", "pk_1", 2])).toEqual({
      failure: "tampered",
    });
    const other = new MasterKeyRing(bytes(newMasterKey()), []);
    expect(other.decrypt(sealed, ["provider_key", "org_1", "pk_1", 1])).toEqual({
      failure: "unknown_key",
    });
  });

  it("requires a master key, naming the option and never the value", () => {
    for (const value of [undefined, ""]) {
      const error = (() => {
        try {
          parseMasterKey(value, "previousMasterKeys[1]");
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        { path: "previousMasterKeys[1]", message: expect.stringMatching(/^is required: 32 bytes/) },
      ]);
    }
  });
});

/**
 * The stored format: what this version wrote, every later version must read. A synthetic
 * master key (the bytes 1 to 32) and values encrypted with it once, by this version.
 */
describe("the stored encryption format", () => {
  const KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
  const KEY_ID = "b78c946453866df9";
  const stored = (iv: string, tag: string, ciphertext: string) => ({
    keyId: KEY_ID,
    iv: Buffer.from(iv, "hex"),
    tag: Buffer.from(tag, "hex"),
    ciphertext: Buffer.from(ciphertext, "hex"),
  });
  const SECRET = stored(
    "01e8b9521ed6a39f50a45746",
    "c98f0db8d0f8898abeca15157242e5f6",
    "dbdd31b54418b9dc0837ce09eacf7e22f70cd8bfadee707f5c50",
  );
  const CANARY = stored(
    "7526c079615e8a20a6cdc53a",
    "7d7fcbf41561bd3d666695fc88009f7d",
    "49ff157ac43b44c124683b1fa4ca1ba4213af3e356fccc55",
  );

  it("names the key and decrypts a secret written by this version", () => {
    expect(idOf(KEY)).toBe(KEY_ID);
    const ring = new MasterKeyRing(bytes(KEY), []);
    expect(ring.decrypt(SECRET, ["provider_key", "org_1", "pk_1", 1])).toEqual({
      plaintext: "sk-test-golden-format-0001",
    });
  });

  it("starts on a database whose canary this version wrote", async () => {
    const schema = freshSchema();
    await migrate({ connectionString: url, schema });
    await admin.query(
      `INSERT INTO "${schema}".master_key_canaries (key_id, iv, tag, ciphertext) VALUES ($1, $2, $3, $4)`,
      [KEY_ID, CANARY.iv, CANARY.tag, CANARY.ciphertext],
    );
    const store = open(schema, KEY);
    await expect(store.load()).resolves.toBeDefined();
  });
});

describe("postgresStore: the master key check at start", () => {
  it("names every unknown key id and the key given, and says what to start with", async () => {
    const schema = freshSchema();
    const [first, second, third] = [newMasterKey(), newMasterKey(), newMasterKey()];
    await open(schema, first).load();
    await open(schema, second, [first]).load();
    const error = await rejection(open(schema, third).load());
    expect(error).toMatchObject({ name: "PostgresStoreError", reason: "wrong_master_key" });
    const ids = [idOf(first), idOf(second)];
    expect(error.message).toMatch(
      new RegExp(
        `^this database holds secrets encrypted with master key (${ids.join(", ")}|${[...ids].reverse().join(", ")}), which is not the master key given \\(${idOf(third)}\\) nor one of previousMasterKeys: start with the right BYOKIT_MASTER_KEY`,
      ),
    );
    for (const key of [first, second, third]) expect(error.message).not.toContain(key);
  });

  it("refuses a canary that was altered, or that holds something else", async () => {
    const schema = freshSchema();
    const masterKey = newMasterKey();
    await open(schema, masterKey).load();
    const id = idOf(masterKey);
    const table = `${schema}.master_key_canaries`;
    await admin.query(`UPDATE ${table} SET tag = decode(repeat('00', 16), 'hex')`);
    const altered = await rejection(open(schema, masterKey).load());
    expect(altered).toMatchObject({ name: "PostgresStoreError", reason: "wrong_master_key" });
    expect(altered.message).toBe(
      `the master key canary ${id} does not decrypt: it was altered, or a different key shares its id`,
    );

    // Sealed with the right key and in the right place, but not the canary.
    const other = new MasterKeyRing(bytes(masterKey), []).encrypt("not the canary", ["canary", id]);
    await admin.query(`UPDATE ${table} SET iv = $1, tag = $2, ciphertext = $3`, [
      other.iv,
      other.tag,
      other.ciphertext,
    ]);
    await expect(open(schema, masterKey).load()).rejects.toMatchObject({
      reason: "wrong_master_key",
    });
    // A previous key's canary is checked too.
    const next = newMasterKey();
    await expect(open(schema, next, [masterKey]).load()).rejects.toMatchObject({
      reason: "wrong_master_key",
    });
  });
});

describe("rotateMasterKey", () => {
  /** A schema holding pk_1 to pk_3 under `from` (its store closed), and a key `to` for them. */
  async function threeKeysToRotate() {
    const schema = freshSchema();
    const [from, to] = [newMasterKey(), newMasterKey()];
    const store = open(schema, from);
    for (const id of ["pk_1", "pk_2", "pk_3"]) await store.put(storedOpenAiEntry(id, fakeApiKey()));
    await store.close();
    return { schema, from, to };
  }

  it("checks its keys before connecting, naming from and to", async () => {
    // Nothing listens on port 1: any of these connecting would be a connection error.
    const nowhere = "postgresql://nobody@127.0.0.1:1/nowhere";
    const key = newMasterKey();
    for (const [from, to, path] of [
      ["short", key, "from"],
      [key, "", "to"],
    ] as const) {
      const error = await rejection(rotateMasterKey({ connectionString: nowhere, from, to }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([path]);
    }
    const same = await rejection(
      rotateMasterKey({ connectionString: nowhere, from: key, to: key }),
    );
    expect(same).toBeInstanceOf(PostgresStoreError);
    expect(same).toMatchObject({
      reason: "wrong_master_key",
      message: "from and to are the same master key",
    });
  });

  it("rotates one row per transaction with batchSize 1", async () => {
    const { schema, from, to } = await threeKeysToRotate();
    const result = await rotateMasterKey({ connectionString: url, schema, from, to, batchSize: 1 });
    expect(result.rotated).toEqual({ provider_keys: 3, api_keys: 0, idempotency_records: 0 });
  });

  it("changes nothing in a batch with a row that does not decrypt, and names it", async () => {
    const { schema, from, to } = await threeKeysToRotate();
    const table = `${schema}.provider_keys`;
    await admin.query(
      `UPDATE ${table} SET tag = decode(repeat('00', 16), 'hex') WHERE id = 'pk_3'`,
    );
    const before = await admin.query(`SELECT * FROM ${table} ORDER BY id`);
    const error = await rejection(rotateMasterKey({ connectionString: url, schema, from, to }));
    expect(error).toMatchObject({ name: "PostgresStoreError", reason: "tampered" });
    expect(error.message).toBe(
      "a row of provider_keys (pk_3) does not decrypt with the from key: it was changed outside byokit; nothing in this batch was changed",
    );
    expect((await admin.query(`SELECT * FROM ${table} ORDER BY id`)).rows).toEqual(before.rows);
  });

  it("changes nothing in a batch that PostgreSQL refuses midway, and says it was rotating", async () => {
    const { schema, from, to } = await threeKeysToRotate();
    const table = `${schema}.provider_keys`;
    // The second row re-encrypted in any batch is refused.
    await admin.query(`
      CREATE SEQUENCE ${schema}.updates;
      CREATE FUNCTION ${schema}.refuse_second() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF nextval('${schema}.updates') >= 2 THEN RAISE EXCEPTION 'frozen row'; END IF;
          RETURN NEW;
        END $$;
      CREATE TRIGGER refuse_second BEFORE UPDATE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION ${schema}.refuse_second();`);
    const before = await admin.query(`SELECT * FROM ${table} ORDER BY id`);
    const error = await rejection(rotateMasterKey({ connectionString: url, schema, from, to }));
    expect(error).toMatchObject({ name: "PostgresStoreError", reason: "database" });
    expect(error.message).toBe(
      "PostgreSQL store: rotating the master key failed: frozen row (P0001)",
    );
    expect((await admin.query(`SELECT * FROM ${table} ORDER BY id`)).rows).toEqual(before.rows);
  });
});

describe("migrations", () => {
  it("roll back a migration that fails, and say so", async () => {
    const schema = freshSchema();
    // Something else already has a table of that name in the schema.
    await admin.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.api_keys (x int)`);
    const error = await rejection(migrate({ connectionString: url, schema }));
    expect(error).toMatchObject({ name: "PostgresStoreError", reason: "database" });
    expect(error.message).toBe(
      'PostgreSQL store: migrating failed: relation "api_keys" already exists (42P07)',
    );
    const tables = await admin.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1",
      [schema],
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual(["api_keys", "migrations"]);
    expect((await admin.query(`SELECT * FROM ${schema}.migrations`)).rows).toEqual([]);
  });

  it("say which schema is too new, and what to do", async () => {
    const schema = freshSchema();
    await migrate({ connectionString: url, schema });
    await admin.query(`INSERT INTO ${schema}.migrations (id, name) VALUES (999, 'future')`);
    const error = await rejection(migrate({ connectionString: url, schema }));
    expect(error).toMatchObject({ name: "PostgresStoreError", reason: "schema_too_new" });
    expect(error.message).toBe(
      `the schema ${schema} is at migration 999, newer than this byokit knows (1): upgrade byokit`,
    );
  });

  it("hand a borrowed pool's connection back healthy, after success and after failure", async () => {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    onTestFinished(() => pool.end());
    let discarded = 0;
    pool.on("remove", () => discarded++);
    const store = postgresStore({ pool, masterKey: newMasterKey(), schema: freshSchema() });
    await store.load();
    await store.close();

    const failing = freshSchema();
    await admin.query(`CREATE SCHEMA ${failing}; CREATE TABLE ${failing}.api_keys (x int)`);
    const refused = postgresStore({ pool, masterKey: newMasterKey(), schema: failing });
    await expect(refused.load()).rejects.toMatchObject({ reason: "database" });
    await refused.close();
    expect(discarded).toBe(0);
    expect(pool.totalCount).toBeGreaterThan(0);
    expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });
});
