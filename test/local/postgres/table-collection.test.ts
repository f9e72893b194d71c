import type pg from "pg";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { keyId } from "../../../src/local/postgres/master-key-ring.js";
import { postgresStore } from "../../../src/local/postgres/postgres-store.js";
import { PostgresStoreError } from "../../../src/local/postgres/postgres-store-error.js";
import { StaleWriteError } from "../../../src/local/stale-write-error.js";
import { freshDatabase } from "./database.js";
import {
  fakeApiKey,
  freshSchema,
  newMasterKey,
  openStore,
  storedApiKey,
  storedOpenAiEntry,
  storedOrganization,
} from "./fixtures.js";
import { interleavingPool, rejection } from "./probes.js";

let url = "";
let admin: pg.Client;
beforeAll(async () => {
  ({ url, admin } = await freshDatabase());
});

describe("postgresStore collections: conditional deletes", () => {
  it("a delete that expects nothing holds only when there is nothing, and removes nothing", async () => {
    const { store } = await openStore(url);
    await store.delete("org_1", "pk_absent", { expectedVersion: null });
    const entry = storedOpenAiEntry("pk_1", fakeApiKey());
    await store.put(entry);
    const refused = await rejection(store.delete("org_1", "pk_1", { expectedVersion: null }));
    expect(refused).toBeInstanceOf(StaleWriteError);
    expect(refused).toMatchObject({ expectedVersion: null, actualVersion: 1 });
    expect(await store.get("org_1", "pk_1")).toEqual(entry);
  });

  it("an unconditional delete of what is not there is no error", async () => {
    const { store } = await openStore(url);
    await store.delete("org_1", "pk_never");
    await store.apiKeys.delete("org_1", "key_never");
    expect(await store.load()).toEqual([]);
  });
});

describe("postgresStore collections: organizations (no secret)", () => {
  it("refuses a stale organization write as a StaleWriteError", async () => {
    const { store } = await openStore(url);
    await expect(
      store.organizations.put(storedOrganization("org_9", 2), { expectedVersion: 1 }),
    ).rejects.toMatchObject({ name: "StaleWriteError", kind: "organization", actualVersion: null });
  });

  it("still writes organizations from an instance whose master key was rotated out, but no secret", async () => {
    const { store, schema, masterKey } = await openStore(url);
    await admin.query(`DELETE FROM ${schema}.master_key_canaries`);
    const organization = storedOrganization("org_1");
    await store.organizations.put(organization);
    expect(await store.organizations.get("org_1", "org_1")).toEqual(organization);

    const refused = await rejection(store.put(storedOpenAiEntry("pk_1", fakeApiKey())));
    expect(refused).toBeInstanceOf(PostgresStoreError);
    expect(refused).toMatchObject({ reason: "wrong_master_key" });
    expect(refused.message).toContain(
      `master key ${keyId(Buffer.from(masterKey, "base64"))} was rotated out of this database`,
    );
    expect(refused.message).toContain("nothing was written");
    expect(refused.message).not.toContain(masterKey);
    expect(await store.load()).toEqual([]);
  });
});

describe("postgresStore collections: rows it cannot serve", () => {
  it("names the row and the unknown master key of a row written with another key", async () => {
    const { store, schema } = await openStore(url);
    await store.put(storedOpenAiEntry("pk_1", fakeApiKey()));
    await admin.query(`UPDATE ${schema}.provider_keys SET key_id = '0123456789abcdef'`);
    const error = await rejection(store.get("org_1", "pk_1"));
    expect(error).toMatchObject({ name: "PostgresStoreError", reason: "wrong_master_key" });
    expect(error.message).toBe(
      "the provider key pk_1 of org_1 is encrypted with master key 0123456789abcdef, which is neither masterKey nor one of previousMasterKeys",
    );
  });

  it("names the row that does not decrypt, and says why it is not served", async () => {
    const { store, schema } = await openStore(url);
    await store.apiKeys.put(storedApiKey("key_1"));
    await admin.query(`UPDATE ${schema}.api_keys SET tag = decode(repeat('00', 16), 'hex')`);
    const error = await rejection(store.apiKeys.get("org_1", "key_1"));
    expect(error).toMatchObject({ name: "PostgresStoreError", reason: "tampered" });
    expect(error.message).toMatch(
      /^the api key key_1 of org_1 does not decrypt with its master key:/,
    );
    expect(error.message).toContain("it is not served");
  });
});

describe("postgresStore collections: errors say what failed", () => {
  it("names the operation and the collection, as a database error", async () => {
    const { store, schema } = await openStore(url);
    await admin.query(`ALTER TABLE ${schema}.provider_keys RENAME TO provider_keys_away`);
    onTestFinished(async () => {
      await admin.query(`ALTER TABLE ${schema}.provider_keys_away RENAME TO provider_keys`);
    });
    const entry = storedOpenAiEntry("pk_1", fakeApiKey());
    // Called one at a time: a promise made before its turn would reject with no handler yet.
    const failures: [() => Promise<unknown>, string][] = [
      [() => store.load(), "loading provider_keys"],
      [() => store.get("org_1", "pk_1"), "reading a provider_key"],
      [() => store.put(entry), "writing a provider_key"],
      [() => store.delete("org_1", "pk_1"), "deleting a provider_key"],
    ];
    for (const [failing, doing] of failures) {
      const error = await rejection(failing());
      expect(error).toBeInstanceOf(PostgresStoreError);
      expect(error).toMatchObject({ reason: "database" });
      expect(error.message).toBe(
        `PostgreSQL store: ${doing} failed: relation "${schema}.provider_keys" does not exist (42P01)`,
      );
    }
  });

  it("names the follow-up read that failed after a write matched nothing", async () => {
    const pool = interleavingPool(url);
    onTestFinished(() => pool.end());
    const schema = freshSchema();
    const store = postgresStore({ pool, masterKey: newMasterKey(), schema });
    onTestFinished(() => store.close());
    await store.put(storedOpenAiEntry("pk_1", fakeApiKey()));
    const stale = storedOpenAiEntry("pk_1", fakeApiKey());

    // The canary table vanishes between a write that matched nothing and the canary check.
    pool.before("SELECT 1 FROM", () =>
      admin.query(`ALTER TABLE ${schema}.master_key_canaries RENAME TO canaries_away`),
    );
    const canary = await rejection(store.put(stale, { expectedVersion: 7 }));
    expect(canary.message).toMatch(/^PostgreSQL store: reading the master key canary failed: /);
    await admin.query(`ALTER TABLE ${schema}.canaries_away RENAME TO master_key_canaries`);

    // The table vanishes between a refused write and the read of the version it holds.
    pool.before("SELECT version FROM", () =>
      admin.query(`ALTER TABLE ${schema}.provider_keys RENAME TO provider_keys_away`),
    );
    const version = await rejection(store.put(stale, { expectedVersion: 7 }));
    expect(version.message).toMatch(/^PostgreSQL store: reading a provider_key version failed: /);
    expect(version).toMatchObject({ reason: "database" });
    await admin.query(`ALTER TABLE ${schema}.provider_keys_away RENAME TO provider_keys`);
  });
});
