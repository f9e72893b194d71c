/**
 * Many creates at once with one `Idempotency-Key`: one record is stored, and every answer is
 * the same 201 with the same body; a different body under the same key is a 409 and stores
 * nothing; when the first attempt fails, a waiting one takes over and still only one record
 * is made. In-process and over HTTP.
 */
import { describe, expect, it } from "vitest";
import { memoryStore } from "../../../src/local/memory-store.js";
import type { Store } from "../../../src/local/store.js";
import { fakeKey, PATH, STRESS, slowStore, target } from "./support.js";

const CALLERS = STRESS ? 300 : 40;

describe.each(["in-process", "http"] as const)("parallel creates with one key (%s)", (via) => {
  it(`store one record and answer all ${CALLERS} callers identically`, async () => {
    const { send } = await target(via);
    const body = { provider: "openai", name: "Once", provider_key: fakeKey("once") };
    const answers = await Promise.all(
      Array.from({ length: CALLERS }, () =>
        send("POST", PATH, { headers: { "idempotency-key": "same-key-1" }, body }),
      ),
    );

    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    expect(
      answers.filter((answer) => answer.headers.get("idempotent-replayed") === null),
    ).toHaveLength(1);
    const requestIds = new Set(answers.map((answer) => answer.headers.get("x-request-id")));
    expect(requestIds.size).toBe(CALLERS);
    const listed = await send("GET", `${PATH}?limit=100`);
    expect(listed.json.data).toHaveLength(1);
    expect(listed.json.data[0].id).toBe(answers[0]!.json.id);
  });

  it("store one record when bodies differ under one key: the rest are replays or 409s", async () => {
    const { send } = await target(via);
    const bodies = [0, 1, 2].map((variant) => ({
      provider: "openai",
      name: `Variant ${variant}`,
      provider_key: fakeKey(`variant${variant}`),
    }));
    const answers = await Promise.all(
      Array.from({ length: CALLERS }, (_, caller) =>
        send("POST", PATH, {
          headers: { "idempotency-key": "contested-key" },
          body: bodies[caller % bodies.length],
        }),
      ),
    );

    const created = answers.filter((answer) => answer.status === 201);
    const conflicts = answers.filter((answer) => answer.status === 409);
    expect(created.length + conflicts.length).toBe(CALLERS);
    expect(new Set(created.map((answer) => answer.json.id)).size).toBe(1);
    const winner = created[0]!.json;
    // Only the callers that sent the winner's body got it; the others were refused.
    expect(created.every((answer) => answer.json.name === winner.name)).toBe(true);
    expect(conflicts.every((answer) => answer.json.error.type === "conflict_error")).toBe(true);
    const winningVariant = bodies.findIndex((candidate) => candidate.name === winner.name);
    const sentWinningBody = Array.from({ length: CALLERS }, (_, caller) => caller).filter(
      (caller) => caller % bodies.length === winningVariant,
    );
    expect(created).toHaveLength(sentWinningBody.length);
    const listed = await send("GET", `${PATH}?limit=100`);
    expect(listed.json.data.map((record: { id: string }) => record.id)).toEqual([winner.id]);
  });
});

describe("parallel creates with one key, when the first attempt fails", () => {
  it("let a waiting caller take over: one record, every success identical", async () => {
    let failuresLeft = 1;
    const inner = slowStore(3, memoryStore());
    const flaky: Store = {
      load: () => inner.load(),
      delete: (organizationId, id) => inner.delete(organizationId, id),
      put: async (entry) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error("disk full (simulated)");
        }
        await inner.put(entry);
      },
    };
    const { send } = await target("in-process", { store: flaky });
    const body = { provider: "openai", name: "After a failure", provider_key: fakeKey("flaky") };
    const answers = await Promise.all(
      Array.from({ length: CALLERS }, () =>
        send("POST", PATH, { headers: { "idempotency-key": "flaky-key" }, body }),
      ),
    );

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 500)).toHaveLength(1);
    expect(statuses.filter((status) => status === 201)).toHaveLength(CALLERS - 1);
    const successes = answers.filter((answer) => answer.status === 201);
    expect(new Set(successes.map((answer) => answer.text)).size).toBe(1);
    const listed = await send("GET", `${PATH}?limit=100`);
    expect(listed.json.data).toHaveLength(1);
  });
});
