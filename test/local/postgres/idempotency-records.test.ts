import type pg from "pg";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { keyId } from "../../../src/local/postgres/master-key-ring.js";
import { postgresStore } from "../../../src/local/postgres/postgres-store.js";
import { PostgresStoreError } from "../../../src/local/postgres/postgres-store-error.js";
import { freshDatabase } from "./database.js";
import { freshSchema, newMasterKey, openStore } from "./fixtures.js";
import { interleavingPool, rejection } from "./probes.js";

let url = "";
let admin: pg.Client;
beforeAll(async () => {
  ({ url, admin } = await freshDatabase());
});

const LEASE = { leaseMs: 30_000, ttlMs: 60_000 };
const ANSWER = { status: 201, body: '{"id":"key_1"}', headers: [] };

describe("postgresStore idempotency records", () => {
  it("never replays an answer that does not decrypt, and says whether the key or the row is wrong", async () => {
    const { store, schema } = await openStore(url);
    for (const key of ["tampered", "foreign"]) {
      await store.idempotency.claim("org_1", key, "fp", LEASE);
      await store.idempotency.complete("org_1", key, ANSWER);
    }
    const table = `${schema}.idempotency_records`;
    await admin.query(
      `UPDATE ${table} SET tag = decode(repeat('00', 16), 'hex') WHERE key = 'tampered'`,
    );
    await admin.query(`UPDATE ${table} SET key_id = '0123456789abcdef' WHERE key = 'foreign'`);
    for (const [key, reason] of [
      ["tampered", "tampered"],
      ["foreign", "wrong_master_key"],
    ] as const) {
      const error = await rejection(store.idempotency.claim("org_1", key, "fp", LEASE));
      expect(error).toBeInstanceOf(PostgresStoreError);
      expect(error).toMatchObject({ reason });
      expect(error.message).toMatch(/does not decrypt .*it is not replayed/);
    }
  });

  it("keeps nothing, and does not fail, when completing a key that is no longer claimed", async () => {
    const { store } = await openStore(url);
    await store.idempotency.claim("org_1", "released", "fp", LEASE);
    await store.idempotency.release("org_1", "released");
    await store.idempotency.complete("org_1", "released", ANSWER);
    await store.idempotency.complete("org_1", "never-claimed", ANSWER);
    expect(await store.idempotency.claim("org_1", "released", "fp", LEASE)).toEqual({
      state: "claimed",
    });
  });

  it("keeps no answer once its master key was rotated out, and says what to do", async () => {
    const { store, schema, masterKey } = await openStore(url);
    await store.idempotency.claim("org_1", "late", "fp", LEASE);
    await admin.query(`DELETE FROM ${schema}.master_key_canaries`);
    const error = await rejection(store.idempotency.complete("org_1", "late", ANSWER));
    expect(error).toMatchObject({ name: "PostgresStoreError", reason: "wrong_master_key" });
    expect(error.message).toContain(
      `master key ${keyId(Buffer.from(masterKey, "base64"))} was rotated out of this database`,
    );
    expect(error.message).toContain("BYOKIT_MASTER_KEY");
    expect(error.message).not.toContain(masterKey);
    const row = await admin.query(`SELECT state, answer FROM ${schema}.idempotency_records`);
    expect(row.rows).toEqual([{ state: "claimed", answer: null }]);
  });

  it("gives up with a clear error, after a few tries, on a key it can neither take nor read", async () => {
    const { store, schema } = await openStore(url);
    await store.idempotency.claim("org_1", "stuck", "fp", LEASE);
    // Expired (so free to take), but something outside byokit refuses every change to it.
    await admin.query(`
      UPDATE ${schema}.idempotency_records SET expires_at = now() - interval '1 hour';
      CREATE SEQUENCE ${schema}.takes;
      CREATE FUNCTION ${schema}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM nextval('${schema}.takes'); RETURN NULL; END $$;
      CREATE TRIGGER refuse BEFORE UPDATE ON ${schema}.idempotency_records
        FOR EACH ROW EXECUTE FUNCTION ${schema}.refuse();`);
    const error = await rejection(store.idempotency.claim("org_1", "stuck", "fp-2", LEASE));
    expect(error).toBeInstanceOf(PostgresStoreError);
    expect(error).toMatchObject({ reason: "database" });
    expect(error.message).toMatch(/kept changing hands; retry the request/);
    const takes = await admin.query<{ n: string }>(`SELECT last_value AS n FROM ${schema}.takes`);
    expect(Number(takes.rows[0]?.n)).toBeGreaterThanOrEqual(2);
    expect(Number(takes.rows[0]?.n)).toBeLessThanOrEqual(5);
  });

  it("names the step that failed", async () => {
    const { store, schema } = await openStore(url);
    await store.idempotency.claim("org_1", "held", "fp", LEASE);
    await admin.query(`ALTER TABLE ${schema}.idempotency_records RENAME TO records_away`);
    onTestFinished(async () => {
      await admin.query(`ALTER TABLE ${schema}.records_away RENAME TO idempotency_records`);
    });
    // Called one at a time: a promise made before its turn would reject with no handler yet.
    const failures: [() => Promise<unknown>, string][] = [
      [() => store.idempotency.claim("org_1", "k", "fp", LEASE), "claiming an idempotency key"],
      [() => store.idempotency.complete("org_1", "k", ANSWER), "completing an idempotency record"],
      [() => store.idempotency.release("org_1", "k"), "releasing an idempotency key"],
    ];
    for (const [failing, doing] of failures) {
      const error = await rejection(failing());
      expect(error).toMatchObject({ name: "PostgresStoreError", reason: "database" });
      expect(error.message).toMatch(
        new RegExp(`^PostgreSQL store: ${doing} failed: .*\\(42P01\\)$`),
      );
    }
  });

  it("names the follow-up read that failed after a statement matched nothing", async () => {
    const pool = interleavingPool(url);
    onTestFinished(() => pool.end());
    const schema = freshSchema();
    const store = postgresStore({ pool, masterKey: newMasterKey(), schema });
    onTestFinished(() => store.close());
    await store.idempotency.claim("org_1", "held", "fp", LEASE);
    const rename = (from: string, to: string) => () =>
      admin.query(`ALTER TABLE ${schema}.${from} RENAME TO ${to}`);

    // Held by another request: the claim reads the record, which is gone meanwhile.
    pool.before("SELECT fingerprint", rename("idempotency_records", "records_away"));
    const read = await rejection(store.idempotency.claim("org_1", "held", "fp", LEASE));
    expect(read.message).toMatch(/^PostgreSQL store: reading an idempotency record failed: /);
    await rename("records_away", "idempotency_records")();

    // Completing what is not claimed checks the master key's canary, which is gone meanwhile.
    pool.before("SELECT 1 FROM", rename("master_key_canaries", "canaries_away"));
    const canary = await rejection(store.idempotency.complete("org_1", "free", ANSWER));
    expect(canary.message).toMatch(/^PostgreSQL store: checking the master key failed: /);
    await rename("canaries_away", "master_key_canaries")();
  });
});
