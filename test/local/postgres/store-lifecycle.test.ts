import type pg from "pg";
import { beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { migrate } from "../../../src/local/postgres/migrate.js";
import { postgresStore } from "../../../src/local/postgres/postgres-store.js";
import { rotateMasterKey } from "../../../src/local/postgres/rotate-master-key.js";
import type { StoreFeedEvent } from "../../../src/local/store.js";
import { freshDatabase } from "./database.js";
import {
  fakeApiKey,
  freshSchema,
  newMasterKey,
  storedOpenAiEntry,
  storedOrganization,
} from "./fixtures.js";
import { expectSessions, poolWithOptions, sessionCount, withApplicationName } from "./probes.js";

let url = "";
let admin: pg.Client;
beforeAll(async () => {
  ({ url, admin } = await freshDatabase());
});

/** A connection string whose sessions the test can count. */
const named = () => {
  const application = `lifecycle_${freshSchema()}`;
  return { application, connectionString: withApplicationName(url, application) };
};

describe("postgresStore: connections", () => {
  it("releases every connection it opened on close(), however often it is called", async () => {
    const { application, connectionString } = named();
    const store = postgresStore({
      connectionString,
      masterKey: newMasterKey(),
      schema: freshSchema(),
    });
    await store.put(storedOpenAiEntry("pk_1", fakeApiKey()));
    // The pool's connection and the feed's.
    expect(await sessionCount(admin, application)).toBeGreaterThanOrEqual(2);
    await Promise.all([store.close(), store.close()]);
    await store.close();
    expect(store.health().connected).toBe(false);
    await expectSessions(admin, application, 0);
  });

  it("leaves no connection behind when closed while it is still opening", async () => {
    const { application, connectionString } = named();
    const store = postgresStore({
      connectionString,
      masterKey: newMasterKey(),
      schema: freshSchema(),
    });
    await store.close();
    await expectSessions(admin, application, 0);
  });

  it("migrate() and rotateMasterKey() close what they open", async () => {
    const { application, connectionString } = named();
    const schema = freshSchema();
    await migrate({ connectionString, schema });
    await expectSessions(admin, application, 0);
    const from = newMasterKey();
    const store = postgresStore({ connectionString: url, masterKey: from, schema });
    await store.put(storedOpenAiEntry("pk_1", fakeApiKey()));
    await store.close();
    await rotateMasterKey({ connectionString, schema, from, to: newMasterKey() });
    await expectSessions(admin, application, 0);
  });

  it("fails to open, as a connection error, when its LISTEN connection cannot be made", async () => {
    // A pool whose options lead nowhere: the feed connects with them.
    const pool = poolWithOptions(url, {
      connectionString: "postgresql://nobody@127.0.0.1:1/nowhere",
    });
    const store = postgresStore({ pool, masterKey: newMasterKey(), schema: freshSchema() });
    onTestFinished(() => store.close());
    const error = await store.load().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "PostgresStoreError", reason: "connection" });
    expect((error as Error).message).toMatch(/^PostgreSQL store: listening for changes failed: /);
    expect(store.health().connected).toBe(false);
  });
});

describe("postgresStore: start", () => {
  it("drops expired idempotency records first, so one left under a retired master key does not block it", async () => {
    const schema = freshSchema();
    const masterKey = newMasterKey();
    const first = postgresStore({ connectionString: url, masterKey, schema });
    await first.idempotency.claim("org_1", "old", "fp", { leaseMs: 1_000, ttlMs: 60_000 });
    await first.idempotency.complete("org_1", "old", { status: 201, body: "{}", headers: [] });
    await first.close();
    // As a rotation that ran while this answer expired would leave it.
    await admin.query(
      `UPDATE ${schema}.idempotency_records SET key_id = 'ffffffffffffffff', expires_at = now() - interval '1 hour'`,
    );
    const second = postgresStore({ connectionString: url, masterKey, schema });
    onTestFinished(() => second.close());
    expect(await second.load()).toEqual([]);
    const left = await admin.query(`SELECT key FROM ${schema}.idempotency_records`);
    expect(left.rows).toEqual([]);
  });
});

describe("postgresStore: subscribers", () => {
  it("hears every kind of change, and a listener that unsubscribed hears nothing more", async () => {
    const schema = freshSchema();
    const masterKey = newMasterKey();
    const writer = postgresStore({ connectionString: url, masterKey, schema });
    const reader = postgresStore({ connectionString: url, masterKey, schema });
    onTestFinished(() => Promise.all([writer.close(), reader.close()]).then(() => {}));
    const kept: StoreFeedEvent[] = [];
    const dropped: StoreFeedEvent[] = [];
    reader.subscribe((event) => kept.push(event));
    const unsubscribe = reader.subscribe((event) => dropped.push(event));
    await Promise.all([writer.load(), reader.load()]);

    await writer.organizations.put(storedOrganization("org_1"));
    await vi.waitFor(() => expect(dropped).toHaveLength(1), { interval: 5, timeout: 10_000 });
    unsubscribe();
    await writer.organizations.delete("org_1", "org_1");
    await vi.waitFor(() => expect(kept).toHaveLength(2), { interval: 5, timeout: 10_000 });
    const summary = (events: StoreFeedEvent[]) =>
      events.map((e) => e.type === "change" && [e.change.kind, e.change.id, e.change.operation]);
    expect(summary(kept)).toEqual([
      ["organization", "org_1", "put"],
      ["organization", "org_1", "delete"],
    ]);
    expect(summary(dropped)).toEqual([["organization", "org_1", "put"]]);
  });
});
