import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { fileStore } from "../../src/local/file-store.js";
import { memoryStore } from "../../src/local/memory-store.js";
import type { Store, StoreFeedEvent } from "../../src/local/store.js";
import type { LocalBackend } from "../../src/local/types.js";
import {
  call,
  fakeApiKey,
  ORG,
  storedApiKey,
  storedOpenAiEntry,
  storedOrganization,
} from "./helpers.js";

/** Polls `check` until it passes or 5 s have gone: the feed is asynchronous. */
async function eventually(check: () => Promise<void> | void): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

/** Two backends on one store: a fleet of two, in one process. */
function fleetOfTwo(store: Store = memoryStore()) {
  const options = { store, token: "test-admin-token-0123456789" };
  return { store, a: createLocalBackend(options), b: createLocalBackend(options) };
}

async function createKey(local: LocalBackend, secret = fakeApiKey()) {
  const created = await call(local, "POST", "/provider-keys", {
    body: { provider: "openai", name: "Shared", provider_key: secret },
  });
  expect(created.status).toBe(201);
  return created.json as { id: string; version: number };
}

/** A and B rename one key at once, both naming version 1: their two answers. */
function raceIfMatch(a: LocalBackend, b: LocalBackend, id: string) {
  const update = (local: LocalBackend, name: string) =>
    call(local, "PATCH", `/provider-keys/${id}`, {
      body: { name },
      headers: { "If-Match": '"1"' },
    });
  return Promise.all([update(a, "By A"), update(b, "By B")]);
}

/** A plain object that forwards every member to `inner`: tests override one or two. */
function forwarding(inner: Store): Store {
  return {
    load: () => inner.load(),
    get: (organizationId, id) => inner.get!(organizationId, id),
    put: (entry, condition) => inner.put(entry, condition),
    delete: (organizationId, id, condition) => inner.delete(organizationId, id, condition),
    apiKeys: inner.apiKeys!,
    organizations: inner.organizations!,
    idempotency: inner.idempotency!,
    subscribe: (listener) => inner.subscribe!(listener),
    health: () => inner.health!(),
  };
}

/**
 * A store whose feed the test drives: writes go to a memory store, but its own changes are
 * not delivered; the test emits events (a resync, say) to the listeners.
 */
function quietStore() {
  const inner = memoryStore();
  const listeners = new Set<(event: StoreFeedEvent) => void>();
  const store: Store = {
    ...forwarding(inner),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    inner,
    store,
    listeners,
    emit: (event: StoreFeedEvent) => {
      for (const listener of listeners) listener(event);
    },
  };
}

describe("several backends on one store", () => {
  it("answers on B what was created, updated and deleted through A", async () => {
    const { a, b } = fleetOfTwo();
    // B loads first, so what follows reaches it through the feed and not its first load.
    expect((await call(b, "GET", "/provider-keys")).json).toEqual([]);
    const first = fakeApiKey();
    const { id } = await createKey(a, first);
    await eventually(async () => {
      const resolved = await b.resolve({ provider: "openai", organization_id: ORG });
      expect(resolved.status === "resolved" && resolved.credentials).toBe(first);
      expect((await call(b, "GET", `/provider-keys/${id}`)).status).toBe(200);
    });
    const rotated = fakeApiKey();
    await call(a, "PATCH", `/provider-keys/${id}`, { body: { provider_key: rotated } });
    await eventually(async () => {
      const resolved = await b.resolve({ provider: "openai", organization_id: ORG });
      expect(resolved.status === "resolved" && resolved.credentials).toBe(rotated);
    });
    await call(a, "DELETE", `/provider-keys/${id}`);
    await eventually(async () => {
      expect((await b.resolve({ provider: "openai", organization_id: ORG })).status).toBe(
        "unassigned",
      );
      expect((await call(b, "GET", `/provider-keys/${id}`)).status).toBe(404);
    });
    expect(b.health()).toMatchObject({ store: "memory", connected: true });
    expect(b.health().last_change_applied_at).not.toBeNull();
    expect(b.health().lag_ms).toBeGreaterThanOrEqual(0);
  });

  it("lets B assign an API key created through A", async () => {
    const { a, b } = fleetOfTwo();
    await call(b, "GET", "/api_keys");
    const apiKey = await call(a, "POST", "/api_keys", { body: { name: "From A" } });
    await eventually(async () => {
      const created = await call(b, "POST", "/provider-keys", {
        body: {
          provider: "openai",
          name: "Assigned",
          provider_key: fakeApiKey(),
          api_key_ids: [apiKey.json.id],
        },
      });
      expect(created.status).toBe(201);
    });
  });

  it("lets exactly one of two If-Match updates of one version through A and B win", async () => {
    const { store, a, b } = fleetOfTwo();
    const { id } = await createKey(a);
    await eventually(async () =>
      expect((await call(b, "GET", `/provider-keys/${id}`)).status).toBe(200),
    );
    const answers = await raceIfMatch(a, b, id);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412]);
    const stored = await store.get!(ORG, id);
    expect(stored?.record.version).toBe(2);
    expect(stored?.record.name).toBe(answers.find((answer) => answer.status === 200)!.json.name);
  });

  it("applies an update without If-Match on the latest version when B is stale: nothing is lost", async () => {
    const { store, a, b } = fleetOfTwo();
    const { id } = await createKey(a);
    await eventually(async () =>
      expect((await call(b, "GET", `/provider-keys/${id}`)).status).toBe(200),
    );
    await b.close(); // B stops following the feed: it holds version 1 from now on.
    expect(
      (await call(a, "PATCH", `/provider-keys/${id}`, { body: { name: "Renamed by A" } })).status,
    ).toBe(200);
    const fromB = await call(b, "PATCH", `/provider-keys/${id}`, { body: { active: false } });
    expect(fromB.status).toBe(200);
    expect(fromB.json).toMatchObject({ name: "Renamed by A", active: false, version: 3 });
    expect((await store.get!(ORG, id))?.record).toMatchObject({
      name: "Renamed by A",
      active: false,
      version: 3,
    });
  });

  it("answers 404 to a DELETE of a key another backend already deleted", async () => {
    const { store, a, b } = fleetOfTwo();
    const { id } = await createKey(a);
    await eventually(async () =>
      expect((await call(b, "GET", `/provider-keys/${id}`)).status).toBe(200),
    );
    await b.close();
    expect((await call(a, "DELETE", `/provider-keys/${id}`)).status).toBe(200);
    expect((await call(b, "DELETE", `/provider-keys/${id}`)).status).toBe(404);
    expect(await store.get!(ORG, id)).toBeUndefined();
    expect((await call(b, "GET", `/provider-keys/${id}`)).status).toBe(404);
  });

  it("applies an API key update from a stale B on the latest version", async () => {
    const { store, a, b } = fleetOfTwo();
    const created = await call(a, "POST", "/api_keys", { body: { name: "Shared" } });
    const id = created.json.id as string;
    await eventually(async () =>
      expect((await call(b, "GET", `/api_keys/${id}`)).status).toBe(200),
    );
    await b.close();
    await call(a, "POST", `/api_keys/${id}`, { body: { name: "Renamed by A" } });
    const fromB = await call(b, "POST", `/api_keys/${id}`, { body: { active: false } });
    expect(fromB.json).toMatchObject({ name: "Renamed by A", active: false });
    expect(await store.apiKeys!.get!(ORG, id)).toMatchObject({
      version: 3,
      record: { name: "Renamed by A", active: false },
    });
  });

  it("reveals one secret for a seeded API key, whichever backend saves it first", async () => {
    const store = memoryStore();
    const apiKeys = [{ id: "key_seeded", name: "Seeded" }];
    const a = createLocalBackend({ store, apiKeys });
    const b = createLocalBackend({ store, apiKeys });
    await call(b, "GET", "/api_keys");
    await b.close(); // B holds its own unsaved seed and hears nothing of A's.
    const fromA = await call(a, "GET", "/api_keys/key_seeded/reveal");
    const fromB = await call(b, "GET", "/api_keys/key_seeded/reveal");
    expect(fromB.status).toBe(200);
    expect(fromB.json.key).toBe(fromA.json.key);
    expect(await store.apiKeys!.load()).toHaveLength(1);
  });

  it("creates one record for one Idempotency-Key used on A then on B, and replays it on B", async () => {
    const { store, a, b } = fleetOfTwo();
    const body = { provider: "openai", name: "Once", provider_key: fakeApiKey() };
    const headers = { "Idempotency-Key": "create-once-fleet" };
    const first = await call(a, "POST", "/provider-keys", { body, headers });
    const again = await call(b, "POST", "/provider-keys", { body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await store.load()).toHaveLength(1);
    const other = await call(b, "POST", "/provider-keys", {
      body: { ...body, name: "Other" },
      headers,
    });
    expect(other.status).toBe(409);
  });

  it("makes B wait for A's answer when both get the same Idempotency-Key at once", async () => {
    const inner = memoryStore();
    // The first create is held until the second request has found the key claimed.
    let claims = 0;
    let release!: () => void;
    const secondClaim = new Promise<void>((resolve) => {
      release = resolve;
    });
    const records = inner.idempotency!;
    const store: Store = {
      ...forwarding(inner),
      put: async (entry, condition) => {
        await secondClaim;
        return inner.put(entry, condition);
      },
      idempotency: {
        claim: async (...args) => {
          const claim = await records.claim(...args);
          if (++claims === 2) release();
          return claim;
        },
        complete: (...args) => records.complete(...args),
        release: (...args) => records.release(...args),
      },
    };
    const { a, b } = fleetOfTwo(store);
    const body = { provider: "openai", name: "Once", provider_key: fakeApiKey() };
    const headers = { "Idempotency-Key": "create-race-fleet" };
    const answers = await Promise.all([
      call(a, "POST", "/provider-keys", { body, headers }),
      call(b, "POST", "/provider-keys", { body, headers }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(answers[0].json.id).toBe(answers[1].json.id);
    const replayed = answers.filter((answer) => answer.headers.has("Idempotent-Replayed"));
    expect(replayed).toHaveLength(1);
    expect(await inner.load()).toHaveLength(1);
  });

  it("reconciles adds, updates and removes on a resync event", async () => {
    const { inner, store, emit } = quietStore();
    const local = createLocalBackend({ store, token: "test-admin-token-0123456789" });
    const secret = fakeApiKey();
    await inner.put(storedOpenAiEntry("pk_kept", secret, ORG));
    await inner.put(storedOpenAiEntry("pk_updated", secret, ORG));
    await inner.put(storedOpenAiEntry("pk_removed", secret, ORG));
    await inner.apiKeys!.put({ ...storedApiKey("key_removed"), organization_id: ORG });
    expect((await call(local, "GET", "/provider-keys")).json).toHaveLength(3);
    // Changes the backend never heard of (its feed was down).
    const updated = storedOpenAiEntry("pk_updated", secret, ORG);
    await inner.put({ ...updated, record: { ...updated.record, name: "Updated", version: 2 } });
    await inner.delete(ORG, "pk_removed");
    await inner.put(storedOpenAiEntry("pk_added", secret, ORG));
    await inner.apiKeys!.delete(ORG, "key_removed");
    await inner.apiKeys!.put({ ...storedApiKey("key_added"), organization_id: ORG });
    await inner.organizations!.put(storedOrganization(ORG, 1, true));
    expect((await call(local, "GET", "/provider-keys")).json).toHaveLength(3);
    emit({ type: "resync" });
    await eventually(async () => {
      const listed = (await call(local, "GET", "/provider-keys?order_direction=ASC")).json.data;
      expect(listed.map((r: { id: string; name: string }) => `${r.id}:${r.name}`).sort()).toEqual([
        "pk_added:pk_added",
        "pk_kept:pk_kept",
        "pk_updated:Updated",
      ]);
      const apiKeys = (await call(local, "GET", "/api_keys")).json;
      expect(apiKeys.map((k: { id: string }) => k.id)).toEqual(["key_added"]);
      expect(apiKeys[0].byok_only).toBe(true);
    });
  });

  it("applies a change of an organization's BYOK-only setting from the feed", async () => {
    const store = memoryStore();
    const organizations = [{ id: ORG, byok_only: true }];
    const a = createLocalBackend({ store, organizations });
    const b = createLocalBackend({ store, organizations });
    expect((await call(a, "GET", "")).json.byok_only).toBe(true);
    expect((await call(b, "GET", "")).json.byok_only).toBe(true);
    // Seeded once: the second backend found it stored.
    expect(await store.organizations!.load()).toEqual([
      {
        organization_id: ORG,
        record: { id: ORG, slug: ORG, name: ORG, byok_only: true },
        version: 1,
      },
    ]);
    await store.organizations!.put(
      {
        organization_id: ORG,
        record: { id: ORG, slug: ORG, name: ORG, byok_only: false },
        version: 2,
      },
      { expectedVersion: 1 },
    );
    await eventually(async () => expect((await call(b, "GET", "")).json.byok_only).toBe(false));
  });

  it("writes a configured organization's changed settings to the store at start", async () => {
    const store = memoryStore();
    await store.organizations!.put(storedOrganization(ORG, 4, false));
    const local = createLocalBackend({ store, organizations: [{ id: ORG, byok_only: true }] });
    expect((await call(local, "GET", "")).json.byok_only).toBe(true);
    expect(await store.organizations!.get!(ORG, ORG)).toMatchObject({
      version: 5,
      record: { byok_only: true },
    });
  });

  it("does not lose a change it failed to fetch: reports itself behind and resyncs until it works", async () => {
    const shared = memoryStore();
    let failing = false;
    const unavailable = () => Promise.reject(new Error("the store is not answering"));
    const flaky: Store = {
      ...forwarding(shared),
      load: () => (failing ? unavailable() : shared.load()),
      get: (organizationId, id) => (failing ? unavailable() : shared.get!(organizationId, id)),
    };
    const options = { token: "test-admin-token-0123456789", organizationId: ORG };
    const a = createLocalBackend({ ...options, store: shared });
    const b = createLocalBackend({ ...options, store: flaky });
    await b.resolve({ provider: "openai" }); // loaded, following the feed
    failing = true;
    const created = await createKey(a);
    await eventually(() => expect(b.health().connected).toBe(false));
    expect((await b.resolve({ provider: "openai" })).status).toBe("unassigned");
    failing = false;
    // No other write comes: only B's own retry can bring the key in.
    await eventually(async () => {
      const answer = await b.resolve({ provider: "openai" });
      expect(answer.status === "resolved" && answer.key.id).toBe(created.id);
    });
    await eventually(() => expect(b.health().connected).toBe(true));
    await b.close();
  });

  it("stops following the feed on close(), and leaves the store open", async () => {
    const { store, listeners } = quietStore();
    const local = createLocalBackend({ store });
    await call(local, "GET", "/provider-keys");
    expect(listeners.size).toBe(1);
    expect(local.health().connected).toBe(true);
    await local.close();
    expect(listeners.size).toBe(0);
    expect(local.health().connected).toBe(false);
    expect(await store.load()).toEqual([]);
  });

  it("works the same on one fileStore shared in one process", async () => {
    const directory = await mkdtemp(join(tmpdir(), "byokit-fleet-"));
    try {
      const store = fileStore(join(directory, "keys.json"), {
        masterKey: randomBytes(32).toString("base64"),
      });
      const { a, b } = fleetOfTwo(store);
      await call(b, "GET", "/provider-keys");
      const { id } = await createKey(a);
      await eventually(async () =>
        expect((await call(b, "GET", `/provider-keys/${id}`)).status).toBe(200),
      );
      const answers = await raceIfMatch(a, b, id);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412]);
      expect(b.health().store).toBe("file");
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
