import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { memoryStore } from "../../src/local/memory-store.js";
import type { IdempotencyAnswer, IdempotencyStore } from "../../src/local/store.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const LEASE_MS = 30_000;
const options = { leaseMs: LEASE_MS, ttlMs: DAY_MS };
const answer = (body: string): IdempotencyAnswer => ({
  status: 201,
  body,
  headers: [["content-type", "application/json"]],
});

let records: IdempotencyStore;
beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00.000Z") });
  records = memoryStore().idempotency!;
});
afterEach(() => {
  vi.useRealTimers();
});

describe("memoryStore().idempotency", () => {
  it("replays an answer until its 24 h ttl ends, and forgets it exactly then", async () => {
    expect(await records.claim("org_1", "create-1", "fp-a", options)).toEqual({ state: "claimed" });
    await records.complete("org_1", "create-1", answer('{"id":"pk_1"}'));
    vi.advanceTimersByTime(DAY_MS - 1);
    expect(await records.claim("org_1", "create-1", "fp-b", options)).toEqual({
      state: "done",
      fingerprint: "fp-a",
      answer: answer('{"id":"pk_1"}'),
    });
    vi.advanceTimersByTime(1);
    expect(await records.claim("org_1", "create-1", "fp-b", options)).toEqual({ state: "claimed" });
  });

  it("ignores a complete of a key nobody claimed: nothing is remembered", async () => {
    await expect(records.complete("org_1", "never-claimed", answer("{}"))).resolves.toBeUndefined();
    expect(await records.claim("org_1", "never-claimed", "fp-a", options)).toEqual({
      state: "claimed",
    });
  });

  it("keeps the first answer when a key is completed twice", async () => {
    await records.claim("org_1", "create-1", "fp-a", options);
    await records.complete("org_1", "create-1", answer("first"));
    await records.complete("org_1", "create-1", answer("second"));
    expect(await records.claim("org_1", "create-1", "fp-a", options)).toMatchObject({
      state: "done",
      answer: { body: "first" },
    });
  });

  it("releases a claim in progress, but never an answer already given", async () => {
    await records.claim("org_1", "failed", "fp-a", options);
    await records.release("org_1", "failed");
    expect(await records.claim("org_1", "failed", "fp-b", options)).toEqual({ state: "claimed" });

    await records.claim("org_1", "answered", "fp-a", options);
    await records.complete("org_1", "answered", answer("kept"));
    await records.release("org_1", "answered");
    expect(await records.claim("org_1", "answered", "fp-a", options)).toMatchObject({
      state: "done",
      answer: { body: "kept" },
    });
    await expect(records.release("org_1", "never-claimed")).resolves.toBeUndefined();
  });

  it("keeps 10,000 records and evicts the oldest when one more is claimed", async () => {
    for (let i = 0; i < 10_000; i++) await records.claim("org_1", `key-${i}`, "fp", options);
    // At the cap, nothing has gone yet: the oldest is still held by its claimer.
    expect(await records.claim("org_1", "key-0", "fp", options)).toEqual({
      state: "in_progress",
      fingerprint: "fp",
    });
    await records.claim("org_1", "key-10000", "fp", options);
    // Only the oldest went: the next one is still held (a claim that finds a holder changes nothing).
    expect(await records.claim("org_1", "key-1", "fp", options)).toEqual({
      state: "in_progress",
      fingerprint: "fp",
    });
    expect(await records.claim("org_1", "key-0", "fp", options)).toEqual({ state: "claimed" });
  });
});
