import { inspect } from "node:util";
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/errors/validation-error.js";
import { loadPg } from "../../../src/local/postgres/load-pg.js";
import { migrate } from "../../../src/local/postgres/migrate.js";
import { postgresStore } from "../../../src/local/postgres/postgres-store.js";
import { PostgresStoreError } from "../../../src/local/postgres/postgres-store-error.js";
import { MissingPeerDependencyError } from "../../../src/testing/missing-peer-dependency-error.js";
import { freshDatabase } from "./database.js";
import { freshSchema, newMasterKey } from "./fixtures.js";

let url = "";
let admin: pg.Client;
beforeAll(async () => {
  ({ url, admin } = await freshDatabase());
});

describe("postgresStore migrations", () => {
  it("migrates once when four instances start together", async () => {
    const schema = freshSchema();
    const masterKey = newMasterKey();
    const stores = Array.from({ length: 4 }, () =>
      postgresStore({ connectionString: url, masterKey, schema }),
    );
    try {
      await Promise.all(stores.map((store) => store.load()));
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
    const rows = await admin.query(`SELECT id, name FROM ${schema}.migrations ORDER BY id`);
    expect(rows.rows).toEqual([{ id: 1, name: "initial" }]);
  });

  it("migrate() applies what is pending and then nothing", async () => {
    const schema = freshSchema();
    expect(await migrate({ connectionString: url, schema })).toEqual({ applied: [1], version: 1 });
    expect(await migrate({ connectionString: url, schema })).toEqual({ applied: [], version: 1 });
  });

  it("refuses a schema migrated by a newer byokit", async () => {
    const schema = freshSchema();
    await migrate({ connectionString: url, schema });
    await admin.query(`INSERT INTO ${schema}.migrations (id, name) VALUES (999, 'future')`);
    const store = postgresStore({ connectionString: url, masterKey: newMasterKey(), schema });
    await expect(store.load()).rejects.toMatchObject({ reason: "schema_too_new" });
    await store.close();
  });

  it("checks its options before touching the database", () => {
    const masterKey = newMasterKey();
    for (const schema of ['x"; DROP TABLE y; --', "Upper", "1st", "a".repeat(49)]) {
      expect(() => postgresStore({ connectionString: url, masterKey, schema })).toThrow(
        ValidationError,
      );
    }
    expect(() => postgresStore({ masterKey })).toThrow(/exactly one of connectionString or pool/);
    expect(() => postgresStore({ connectionString: url, masterKey: "too short" })).toThrow(
      ValidationError,
    );
    expect(() =>
      postgresStore({ connectionString: url, masterKey, previousMasterKeys: ["nope"] }),
    ).toThrow(/previousMasterKeys\[0\]/);
  });

  it("never repeats the connection string's password in an error", async () => {
    const password = "sekret-PASSWORD-0123";
    const store = postgresStore({
      // Nothing listens on port 1.
      connectionString: `postgresql://someone:${password}@127.0.0.1:1/nowhere`,
      masterKey: newMasterKey(),
    });
    const error = await store.load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PostgresStoreError);
    expect(error).toMatchObject({ reason: "connection" });
    expect(
      JSON.stringify({ ...(error as object), message: (error as Error).message }),
    ).not.toContain(password);
    expect((error as Error).message).not.toContain(password);
    expect(store.health()).toEqual({ kind: "postgres", connected: false });
    expect(inspect(store)).toBe('PostgresStore { schema: "byokit" }');
    expect(JSON.stringify(store)).toBe('{"kind":"postgres","schema":"byokit"}');
    await store.close();
  });

  it("says to install pg when it is missing", async () => {
    const missing = Object.assign(new Error("Cannot find package 'pg' imported from …"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    const error = await loadPg(() => Promise.reject(missing)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MissingPeerDependencyError);
    expect((error as Error).message).toContain("npm i pg");
    expect((await loadPg()).Pool).toBeTypeOf("function");
  });
});
