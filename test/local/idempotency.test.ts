/**
 * The local backend's Idempotency-Key memory on its own: how long an answer is replayed and
 * how many keys are kept, asserted at the exact boundaries (a clock set by hand, no waiting).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { IdempotencyCache } from "../../src/local/http/idempotency.js";

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
