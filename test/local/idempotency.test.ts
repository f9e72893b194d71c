/**
 * The local backend's Idempotency-Key memory on its own: how long an answer is replayed and
 * how many keys are kept, asserted at the exact boundaries (a clock set by hand, no waiting);
 * and the runner over a store's idempotency records (what several instances share).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { IdempotencyCache, StoredIdempotency } from "../../src/local/http/idempotency.js";
import { HttpError } from "../../src/local/http/responses.js";
import { MemoryIdempotencyStore } from "../../src/local/memory-idempotency.js";
import type { IdempotencyStore } from "../../src/local/store.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 1);

afterEach(() => {
  vi.restoreAllMocks();
});

/** A cache and a create whose executions are counted. */
function counted(maxEntries?: number) {
  const cache = new IdempotencyCache(maxEntries);
  let executions = 0;
  const create = async (key: string, body = "{}") => {
    const response = await cache.run("org_1", key, body, "req_1", async () => {
      executions += 1;
      return new Response(String(executions), { status: 201 });
    });
    return { replayed: response.headers.get("Idempotent-Replayed") === "true", executions };
  };
  return { create, executions: () => executions };
}

function clockAt(ms: number): void {
  vi.spyOn(Date, "now").mockReturnValue(ms);
}

describe("IdempotencyCache", () => {
  it("replays an answer until 24 hours have passed, then forgets it", async () => {
    const { create } = counted();
    clockAt(T0);
    await create("k1");

    clockAt(T0 + DAY_MS - 1);
    expect(await create("k1")).toEqual({ replayed: true, executions: 1 });

    clockAt(T0 + DAY_MS);
    expect(await create("k1")).toEqual({ replayed: false, executions: 2 });
  });

  it("lets an expired key be used with another body", async () => {
    const { create } = counted();
    clockAt(T0);
    await create("k1", '{"name":"a"}');
    clockAt(T0 + DAY_MS);
    expect(await create("k1", '{"name":"b"}')).toEqual({ replayed: false, executions: 2 });
  });

  it("keeps at most its maximum of keys (10,000 unless told), forgetting the oldest first", async () => {
    const { create, executions } = counted(3);
    clockAt(T0);
    for (const key of ["k0", "k1", "k2"]) await create(key);
    expect(await create("k0")).toMatchObject({ replayed: true });

    await create("k3");
    expect(executions()).toBe(4);
    expect(await create("k1")).toMatchObject({ replayed: true });
    expect(await create("k0")).toEqual({ replayed: false, executions: 5 });
  });
});

describe("StoredIdempotency", () => {
  const held = (fingerprint: string): IdempotencyStore => ({
    claim: async () => ({ state: "in_progress", fingerprint }),
    complete: async () => {},
    release: async () => {},
  });
  const fingerprintOf = async (text: string) =>
    [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))]
      .map((byte) => byte.toString(16).padStart(2, "0"))
      .join("");
  const never = async (): Promise<Response> => {
    throw new Error("must not run");
  };
  const statusOf = (promise: Promise<Response>) =>
    promise.then(
      (response) => response.status,
      (error: HttpError) => error.status,
    );

  it("waits for a key another instance holds, then answers 409 after 10 seconds", async () => {
    const records = held(await fingerprintOf("{}"));
    const claim = vi.spyOn(records, "claim");
    vi.spyOn(Date, "now")
      .mockReturnValueOnce(T0)
      .mockReturnValueOnce(T0)
      .mockReturnValue(T0 + 10_001);
    const status = await statusOf(
      new StoredIdempotency(records).run("org_1", "k", "{}", "req_1", never),
    );
    expect(status).toBe(409);
    expect(claim).toHaveBeenCalledTimes(2);
  });

  it("answers 409 at once for a key held with another body", async () => {
    const records = held(await fingerprintOf('{"other":true}'));
    const claim = vi.spyOn(records, "claim");
    expect(
      await statusOf(new StoredIdempotency(records).run("org_1", "k", "{}", "req_1", never)),
    ).toBe(409);
    expect(claim).toHaveBeenCalledTimes(1);
  });

  it("releases the key after a failed answer, so the fixed request runs; then replays it", async () => {
    const idempotency = new StoredIdempotency(new MemoryIdempotencyStore());
    const failed = await idempotency.run(
      "org_1",
      "k",
      "{}",
      "req_1",
      async () => new Response("bad", { status: 400 }),
    );
    expect(failed.status).toBe(400);
    await expect(
      idempotency.run("org_1", "k", "{}", "req_2", async () => {
        throw new HttpError(500, "api_error", "store down");
      }),
    ).rejects.toBeInstanceOf(HttpError);
    const created = await idempotency.run(
      "org_1",
      "k",
      "{}",
      "req_3",
      async () =>
        new Response("first", { status: 201, headers: { ETag: '"1"', "X-Request-Id": "req_3" } }),
    );
    expect(created.status).toBe(201);
    const replayed = await idempotency.run("org_1", "k", "{}", "req_4", never);
    expect(await replayed.text()).toBe("first");
    expect(replayed.headers.get("ETag")).toBe('"1"');
    expect(replayed.headers.get("X-Request-Id")).toBe("req_4");
    expect(replayed.headers.get("Idempotent-Replayed")).toBe("true");
  });
});
