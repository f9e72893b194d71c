import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileStore } from "../../src/local/file-store.js";
import { memoryStore } from "../../src/local/memory-store.js";
import { StaleWriteError } from "../../src/local/stale-write-error.js";
import type { Store, StoreFeedEvent } from "../../src/local/store.js";
import { storedApiKey, storedOpenAiEntry, storedOrganization } from "./helpers.js";

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "byokit-store-contract-"));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

let files = 0;
const stores: [string, () => Store][] = [
  ["memoryStore", () => memoryStore()],
  [
    "fileStore",
    () =>
      fileStore(join(directory, `keys-${++files}.json`), {
        masterKey: randomBytes(32).toString("base64"),
      }),
  ],
];

const secret = "sk-test-FAKEcontract000000000000000";
const atVersion = (id: string, version: number) => {
  const entry = storedOpenAiEntry(id, secret);
  return { ...entry, record: { ...entry.record, version } };
};

/** The error a promise rejects with (a test fails if it resolves). */
async function refusal(promise: Promise<unknown>): Promise<StaleWriteError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(StaleWriteError);
  return outcome as StaleWriteError;
}

describe.each(stores)("%s keeps the many-writer contract", (_name, create) => {
  it("refuses a create over an existing key, and a write naming a stale version; writes nothing", async () => {
    const store = create();
    await store.put(atVersion("pk_1", 1), { expectedVersion: null });
    const exists = await refusal(store.put(atVersion("pk_1", 1), { expectedVersion: null }));
    expect(exists).toMatchObject({ kind: "provider_key", id: "pk_1", actualVersion: 1 });
    expect(exists.expectedVersion).toBeNull();
    await store.put(atVersion("pk_1", 2), { expectedVersion: 1 });
    const stale = await refusal(store.put(atVersion("pk_1", 3), { expectedVersion: 1 }));
    expect(stale).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    expect((await store.get!("org_1", "pk_1"))?.record.version).toBe(2);
    const gone = await refusal(store.put(atVersion("pk_2", 2), { expectedVersion: 1 }));
    expect(gone.actualVersion).toBeNull();
    expect(await store.get!("org_1", "pk_2")).toBeUndefined();
  });

  it("deletes only the version named; an absent key with a version named is stale", async () => {
    const store = create();
    await store.put(atVersion("pk_1", 2), { expectedVersion: null });
    await refusal(store.delete("org_1", "pk_1", { expectedVersion: 1 }));
    expect(await store.get!("org_1", "pk_1")).toBeDefined();
    await store.delete("org_1", "pk_1", { expectedVersion: 2 });
    expect(await store.get!("org_1", "pk_1")).toBeUndefined();
    const gone = await refusal(store.delete("org_1", "pk_1", { expectedVersion: 2 }));
    expect(gone.actualVersion).toBeNull();
    // Without a condition, as before: removing an absent key is not an error.
    await store.delete("org_1", "pk_1");
  });

  it("checks API key versions (absent counts as 1) and organization versions", async () => {
    const store = create();
    await store.apiKeys!.put(storedApiKey("key_a"), { expectedVersion: null });
    await refusal(store.apiKeys!.put(storedApiKey("key_a", 3), { expectedVersion: 2 }));
    await store.apiKeys!.put(storedApiKey("key_a", 2), { expectedVersion: 1 });
    expect((await store.apiKeys!.get!("org_1", "key_a"))?.version).toBe(2);
    await store.organizations!.put(storedOrganization("org_1", 1), { expectedVersion: null });
    const stale = await refusal(
      store.organizations!.put(storedOrganization("org_1", 2), { expectedVersion: null }),
    );
    expect(stale.kind).toBe("organization");
    await store.organizations!.put(storedOrganization("org_1", 2, true), { expectedVersion: 1 });
    expect(await store.organizations!.load()).toEqual([storedOrganization("org_1", 2, true)]);
  });

  it("delivers each committed change to every subscriber, after the write, until unsubscribed", async () => {
    const store = create();
    const first: StoreFeedEvent[] = [];
    const second: StoreFeedEvent[] = [];
    const stopFirst = store.subscribe!((event) => first.push(event));
    store.subscribe!((event) => second.push(event));
    await store.put(atVersion("pk_1", 1), { expectedVersion: null });
    await refusal(store.put(atVersion("pk_1", 1), { expectedVersion: null }));
    stopFirst();
    await store.delete("org_1", "pk_1", { expectedVersion: 1 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const changes = (events: StoreFeedEvent[]) =>
      events.map((event) => event.type === "change" && { ...event.change, committed_at: "t" });
    const put = {
      kind: "provider_key",
      organization_id: "org_1",
      id: "pk_1",
      version: 1,
      operation: "put",
      committed_at: "t",
    };
    expect(changes(first)).toEqual([put]);
    expect(changes(second)).toEqual([put, { ...put, operation: "delete" }]);
    expect(store.health!()).toMatchObject({ connected: true });
  });

  it("claims an idempotency key once, replays its answer, and frees it on release or lease end", async () => {
    const { idempotency } = create();
    const options = { leaseMs: 60_000, ttlMs: 60_000 };
    expect(await idempotency!.claim("org_1", "k1", "fp1", options)).toEqual({ state: "claimed" });
    expect(await idempotency!.claim("org_1", "k1", "fp2", options)).toEqual({
      state: "in_progress",
      fingerprint: "fp1",
    });
    const answer = { status: 201, body: "{}", headers: [["etag", '"1"']] as [string, string][] };
    await idempotency!.complete("org_1", "k1", answer);
    expect(await idempotency!.claim("org_1", "k1", "fp1", options)).toEqual({
      state: "done",
      fingerprint: "fp1",
      answer,
    });
    // Scoped per organization.
    expect((await idempotency!.claim("org_2", "k1", "fp1", options)).state).toBe("claimed");
    await idempotency!.release("org_2", "k1");
    expect((await idempotency!.claim("org_2", "k1", "fp1", options)).state).toBe("claimed");
    // A holder that never answers loses its claim when the lease ends.
    await idempotency!.claim("org_1", "k2", "fp1", { leaseMs: 0, ttlMs: 60_000 });
    expect((await idempotency!.claim("org_1", "k2", "fp1", options)).state).toBe("claimed");
  });
});

it("memoryStore and fileStore name their kind in health()", () => {
  expect(stores.map(([, create]) => create().health!().kind)).toEqual(["memory", "file"]);
});
