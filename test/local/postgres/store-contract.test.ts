import { type AddressInfo, connect, createServer, type Socket } from "node:net";
import pg from "pg";
import { beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { postgresStore } from "../../../src/local/postgres/postgres-store.js";
import { StaleWriteError } from "../../../src/local/stale-write-error.js";
import type { StoreFeedEvent } from "../../../src/local/store.js";
import { freshDatabase } from "./database.js";
import {
  fakeApiKey,
  fakeRegion,
  freshSchema,
  newMasterKey,
  storedApiKey,
  storedOpenAiEntry,
  storedOrganization,
} from "./fixtures.js";

let url = "";
let admin: pg.Client;
beforeAll(async () => {
  ({ url, admin } = await freshDatabase());
});

/** Two stores (two instances of a fleet) on one schema, closed after the test. */
async function twoInstances() {
  const schema = freshSchema();
  const masterKey = newMasterKey();
  const a = postgresStore({ connectionString: url, masterKey, schema });
  const b = postgresStore({ connectionString: url, masterKey, schema });
  onTestFinished(() => Promise.all([a.close(), b.close()]).then(() => {}));
  await Promise.all([a.load(), b.load()]);
  return { a, b, schema, masterKey };
}

describe("postgresStore: the store contract on a real PostgreSQL", () => {
  it("reads back every collection it wrote, from another instance", async () => {
    const { a, b } = await twoInstances();
    const openai = storedOpenAiEntry("pk_openai", fakeApiKey());
    const bedrock = { ...storedOpenAiEntry("pk_bedrock", { global: fakeRegion() }, "org_2") };
    const apiKey = storedApiKey("key_1");
    const organization = storedOrganization("org_1");
    await a.put(openai);
    await a.put(bedrock);
    await a.apiKeys.put(apiKey);
    await a.organizations.put(organization);

    expect(await b.load()).toEqual([openai, bedrock]);
    expect(await b.get("org_1", "pk_openai")).toEqual(openai);
    expect(await b.get("org_1", "pk_missing")).toBeUndefined();
    expect(await b.apiKeys.load()).toEqual([apiKey]);
    expect(await b.apiKeys.get?.("org_1", "key_1")).toEqual(apiKey);
    expect(await b.organizations.load()).toEqual([organization]);

    await b.delete("org_1", "pk_openai");
    await b.apiKeys.delete("org_1", "key_1");
    await b.organizations.delete("org_1", "org_1");
    expect(await a.load()).toEqual([bedrock]);
    expect(await a.apiKeys.load()).toEqual([]);
    expect(await a.organizations.load()).toEqual([]);
  });

  it("refuses a stale conditional write with the stored version, and writes nothing", async () => {
    const { a, b } = await twoInstances();
    const first = storedOpenAiEntry("pk_1", fakeApiKey());
    await a.put(first, { expectedVersion: null });
    // A second create of the same id: the row exists at version 1.
    const duplicate = storedOpenAiEntry("pk_1", fakeApiKey());
    await expect(b.put(duplicate, { expectedVersion: null })).rejects.toMatchObject({
      name: "StaleWriteError",
      kind: "provider_key",
      expectedVersion: null,
      actualVersion: 1,
    });
    // Two instances update version 1 at once: exactly one wins.
    const update = (secret: string) => ({
      ...first,
      credentials: secret,
      record: { ...first.record, version: 2 },
    });
    const results = await Promise.allSettled([
      a.put(update(fakeApiKey()), { expectedVersion: 1 }),
      b.put(update(fakeApiKey()), { expectedVersion: 1 }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(StaleWriteError);
    expect(loser.reason.actualVersion).toBe(2);
    const stored = await a.get("org_1", "pk_1");
    expect(stored?.record.version).toBe(2);
    // A stale delete removes nothing; a delete of the current version does.
    await expect(b.delete("org_1", "pk_1", { expectedVersion: 1 })).rejects.toBeInstanceOf(
      StaleWriteError,
    );
    expect(await b.get("org_1", "pk_1")).toEqual(stored);
    await b.delete("org_1", "pk_1", { expectedVersion: 2 });
    await expect(
      a.apiKeys.put(storedApiKey("key_x", "org_1", 2), { expectedVersion: 1 }),
    ).rejects.toMatchObject({ kind: "api_key", actualVersion: null });
    expect(await a.load()).toEqual([]);
    expect(await a.apiKeys.load()).toEqual([]);
  });

  it("lets exactly one of many concurrent claims of an idempotency key win, across instances", async () => {
    const { a, b } = await twoInstances();
    const options = { leaseMs: 30_000, ttlMs: 60_000 };
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? a : b).idempotency.claim("org_1", "idem-1", "fp-1", options),
      ),
    );
    expect(claims.filter((c) => c.state === "claimed")).toHaveLength(1);
    expect(claims.filter((c) => c.state === "in_progress")).toHaveLength(7);

    const answer = {
      status: 201,
      body: JSON.stringify({ id: "key_1", key: fakeApiKey("ek-test-FAKE") }),
      headers: [["content-type", "application/json"]] as const,
    };
    await a.idempotency.complete("org_1", "idem-1", answer);
    expect(await b.idempotency.claim("org_1", "idem-1", "fp-1", options)).toEqual({
      state: "done",
      fingerprint: "fp-1",
      answer: { ...answer, headers: [["content-type", "application/json"]] },
    });

    // A released claim (its request failed) is free again, on any instance.
    expect((await a.idempotency.claim("org_1", "idem-2", "fp-2", options)).state).toBe("claimed");
    await a.idempotency.release("org_1", "idem-2");
    expect((await b.idempotency.claim("org_1", "idem-2", "fp-3", options)).state).toBe("claimed");
    // A claim whose holder vanished (its lease ran out) may be taken over.
    await b.idempotency.claim("org_1", "idem-3", "fp-4", { leaseMs: 1, ttlMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await a.idempotency.claim("org_1", "idem-3", "fp-4", options)).state).toBe("claimed");
  });

  it("delivers one instance's committed writes to another instance's subscribers", async () => {
    const { a, b } = await twoInstances();
    const events: StoreFeedEvent[] = [];
    b.subscribe((event) => events.push(event));
    const entry = storedOpenAiEntry("pk_feed", fakeApiKey());
    await a.put(entry);
    await a.apiKeys.put(storedApiKey("key_feed", "org_1", 3));
    await a.delete("org_1", "pk_feed");
    await vi.waitFor(() => expect(events).toHaveLength(3), { timeout: 5_000, interval: 5 });
    expect(
      events.map(
        (e) =>
          e.type === "change" && [e.change.kind, e.change.id, e.change.version, e.change.operation],
      ),
    ).toEqual([
      ["provider_key", "pk_feed", 1, "put"],
      ["api_key", "key_feed", 3, "put"],
      ["provider_key", "pk_feed", 1, "delete"],
    ]);
    const first = events[0];
    expect(first?.type === "change" && first.change.organization_id).toBe("org_1");
    expect(first?.type === "change" && Date.parse(first.change.committed_at)).toBeGreaterThan(0);
    // A write that was refused was never announced.
    await expect(a.put(entry, { expectedVersion: 7 })).rejects.toBeInstanceOf(StaleWriteError);
    await a.put(storedOpenAiEntry("pk_after", fakeApiKey()));
    await vi.waitFor(() => expect(events).toHaveLength(4), { timeout: 5_000, interval: 5 });
    expect(events[3]?.type === "change" && events[3].change.id).toBe("pk_after");
  });

  it("reconnects its feed after its connection is killed, reports it in health(), and asks for a resync", async () => {
    const { a, b } = await twoInstances();
    const events: StoreFeedEvent[] = [];
    b.subscribe((event) => events.push(event));
    const before = b.health();
    expect(before).toMatchObject({ kind: "postgres", connected: true });
    const listeners = await admin.query(
      "SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()",
    );
    // Both instances LISTEN; kill them all and watch b come back.
    await admin.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [
      listeners.rows.map((row) => row.pid),
    ]);
    await vi.waitFor(() => expect(b.health().connected).toBe(false), {
      timeout: 5_000,
      interval: 2,
    });
    await vi.waitFor(() => expect(events).toContainEqual({ type: "resync" }), {
      timeout: 10_000,
      interval: 10,
    });
    const after = b.health();
    expect(after.connected).toBe(true);
    expect(Date.parse(after.connected_since ?? "")).toBeGreaterThan(
      Date.parse(before.connected_since ?? ""),
    );
    // And the feed works again.
    await a.put(storedOpenAiEntry("pk_back", fakeApiKey()));
    await vi.waitFor(
      () => expect(events.some((e) => e.type === "change" && e.change.id === "pk_back")).toBe(true),
      { timeout: 5_000, interval: 5 },
    );
  });

  it("finds a feed connection that went silent (no reset, no error), reconnects and asks for a resync", async () => {
    const proxy = await silenceableProxy(new URL(url));
    onTestFinished(() => proxy.close());
    const schema = freshSchema();
    const masterKey = newMasterKey();
    const a = postgresStore({ connectionString: url, masterKey, schema });
    const b = postgresStore({
      connectionString: proxy.url,
      masterKey,
      schema,
      feedCheckIntervalMs: 100,
    });
    onTestFinished(() => Promise.all([a.close(), b.close()]).then(() => {}));
    await Promise.all([a.load(), b.load()]);
    const events: StoreFeedEvent[] = [];
    b.subscribe((event) => events.push(event));
    // Every connection b has now stops carrying bytes, in both directions, without closing.
    proxy.silenceAll();
    await a.put(storedOpenAiEntry("pk_unheard", fakeApiKey()));
    await vi.waitFor(() => expect(events).toContainEqual({ type: "resync" }), {
      timeout: 10_000,
      interval: 10,
    });
    expect(b.health().connected).toBe(true);
    expect(events.some((e) => e.type === "change" && e.change.id === "pk_unheard")).toBe(false);
    await a.put(storedOpenAiEntry("pk_heard", fakeApiKey()));
    await vi.waitFor(
      () =>
        expect(events.some((e) => e.type === "change" && e.change.id === "pk_heard")).toBe(true),
      { timeout: 5_000, interval: 5 },
    );
    proxy.destroyAll();
  });

  it("borrows a pool it is given and never ends it", async () => {
    const pool = new pg.Pool({ connectionString: url, max: 3 });
    const store = postgresStore({ pool, masterKey: newMasterKey(), schema: freshSchema() });
    await store.put(storedOpenAiEntry("pk_pool", fakeApiKey()));
    await store.close();
    expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await pool.end();
  });
});

/**
 * A TCP proxy to the database whose current connections can be silenced: bytes stop flowing
 * both ways but nothing closes, as in a network partition. New connections flow normally.
 */
async function silenceableProxy(target: URL) {
  const pairs: [Socket, Socket][] = [];
  const silenced: Socket[] = [];
  const server = createServer((downstream) => {
    const upstream = connect(Number(target.port), target.hostname);
    downstream.pipe(upstream);
    upstream.pipe(downstream);
    const ignore = () => {};
    downstream.on("error", ignore);
    upstream.on("error", ignore);
    pairs.push([downstream, upstream]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const proxied = new URL(target);
  proxied.port = String(port);
  return {
    url: proxied.toString(),
    silenceAll() {
      for (const [downstream, upstream] of pairs.splice(0)) {
        downstream.unpipe(upstream);
        upstream.unpipe(downstream);
        downstream.pause();
        upstream.pause();
        silenced.push(downstream, upstream);
      }
    },
    destroyAll() {
      for (const socket of [...silenced.splice(0), ...pairs.splice(0).flat()]) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of [...silenced.splice(0), ...pairs.splice(0).flat()]) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
