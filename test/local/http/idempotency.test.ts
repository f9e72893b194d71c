import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type Idempotency,
  IdempotencyCache,
  readIdempotencyKey,
  StoredIdempotency,
} from "../../../src/local/http/idempotency.js";
import { HttpError } from "../../../src/local/http/responses.js";
import { MemoryIdempotencyStore } from "../../../src/local/memory-idempotency.js";

const created = (id: string) =>
  new Response(JSON.stringify({ id }), {
    status: 201,
    headers: { "content-type": "application/json", "x-request-id": "req_first", etag: '"1"' },
  });

/** Both runners, each on a fresh state: they must answer alike. */
const runners: [string, () => Idempotency][] = [
  ["IdempotencyCache", () => new IdempotencyCache()],
  ["StoredIdempotency", () => new StoredIdempotency(new MemoryIdempotencyStore())],
];

afterEach(() => vi.useRealTimers());

describe.each(runners)("%s", (_name, make) => {
  it("replays the first answer under the retry's own request id, marked as replayed", async () => {
    const idempotency = make();
    const first = await idempotency.run("org_1", "k1", "{}", "req_first", async () =>
      created("pk_1"),
    );
    expect(first.status).toBe(201);
    const execute = vi.fn(async () => created("pk_2"));
    const again = await idempotency.run("org_1", "k1", "{}", "req_retry", execute);
    expect(execute).not.toHaveBeenCalled();
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual({ id: "pk_1" });
    expect(again.headers.get("x-request-id")).toBe("req_retry");
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("etag")).toBe('"1"');
  });

  it("refuses the same key with another body: a 409 naming the header", async () => {
    const idempotency = make();
    await idempotency.run("org_1", "k1", '{"a":1}', "req_1", async () => created("pk_1"));
    const refused = await idempotency
      .run("org_1", "k1", '{"a":2}', "req_2", async () => created("pk_2"))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpError);
    expect({ ...(refused as HttpError) }).toEqual({
      status: 409,
      type: "conflict_error",
      message: "this Idempotency-Key was already used with another request body",
      params: [{ param: "Idempotency-Key", message: "was already used with another request body" }],
      headers: undefined,
    });
  });

  it("keeps keys apart per organization", async () => {
    const idempotency = make();
    await idempotency.run("org_1", "k1", "{}", "req_1", async () => created("pk_1"));
    const other = await idempotency.run("org_2", "k1", "{}", "req_2", async () => created("pk_2"));
    expect(await other.json()).toEqual({ id: "pk_2" });
  });

  it("forgets a failed answer, so the caller may fix the body and retry with the same key", async () => {
    const idempotency = make();
    const rejected = await idempotency.run("org_1", "k1", '{"bad":1}', "req_1", async () =>
      Response.json({ error: {} }, { status: 400 }),
    );
    expect(rejected.status).toBe(400);
    const fixed = await idempotency.run("org_1", "k1", '{"good":1}', "req_2", async () =>
      created("pk_1"),
    );
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get("idempotent-replayed")).toBeNull();
  });

  it("forgets an attempt that threw, so the same key runs again", async () => {
    const idempotency = make();
    await expect(
      idempotency.run("org_1", "k1", "{}", "req_1", async () => {
        throw new Error("store down");
      }),
    ).rejects.toThrow("store down");
    const retried = await idempotency.run("org_1", "k1", "{}", "req_2", async () =>
      created("pk_1"),
    );
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
  });
});

describe("StoredIdempotency while another request holds the key", () => {
  it("answers 409 after waiting 10 s, naming the header, and never runs the request", async () => {
    const records = new MemoryIdempotencyStore();
    await records.claim("org_1", "held", await sha256Hex("{}"), { leaseMs: 60_000, ttlMs: 60_000 });
    vi.useFakeTimers({ toFake: ["Date", "setTimeout"] });
    const execute = vi.fn(async () => created("pk_1"));
    const waiting = new StoredIdempotency(records)
      .run("org_1", "held", "{}", "req_2", execute)
      .catch((e: unknown) => e);
    const started = Date.now();
    let settled = false;
    void waiting.then(() => {
      settled = true;
    });
    // The body's digest runs outside the fake clock: let it land between steps.
    // Bounded by real time, not steps: under load the digest may take many steps to land.
    const giveUp = performance.now() + 15_000;
    while (!settled && performance.now() < giveUp) {
      await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(10_000);
    const refused = await waiting;
    expect({ ...(refused as HttpError) }).toEqual({
      status: 409,
      type: "conflict_error",
      message: "a request with this Idempotency-Key is still running; retry later",
      params: [{ param: "Idempotency-Key", message: "is held by a request still running" }],
      headers: undefined,
    });
    expect(execute).not.toHaveBeenCalled();
  });
});

describe("readIdempotencyKey", () => {
  const withKey = (key: string) =>
    new Request("http://local.test/", { headers: { "Idempotency-Key": key } });

  it("reads 1 to 255 visible ASCII characters", () => {
    expect(readIdempotencyKey(new Request("http://local.test/"))).toBeUndefined();
    expect(readIdempotencyKey(withKey("a".repeat(255)))).toBe("a".repeat(255));
  });

  it("refuses a longer key with a 400 that says what a key is", () => {
    const error = (() => {
      try {
        return readIdempotencyKey(withKey("a".repeat(256)));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({
      status: 400,
      params: [{ param: "Idempotency-Key", message: "must be 1 to 255 visible ASCII characters" }],
    });
  });
});

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Buffer.from(digest).toString("hex");
}
