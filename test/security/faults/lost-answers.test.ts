/**
 * The server acts, then its answer is lost: the socket is destroyed before a byte is sent,
 * a gateway answers 502, the body is cut, or the answer comes after the client's timeout. A
 * create carrying an `Idempotency-Key` stays exactly-once through all of it: the retry (the
 * client's own, or the caller's with the same key) gets the first record, and the real local
 * backend behind the proxy holds exactly one.
 */
import { describe, expect, it } from "vitest";
import { ConnectionError, TimeoutError } from "../../../src/errors/index.js";
import type { ProviderKey } from "../../../src/providers/record.js";
import {
  type Behaviour,
  type Exchange,
  fakeOpenAiKey,
  faultClient,
  forwardAsIs,
  storedKeys,
  useFaultServer,
} from "./fault-server.js";

const start = useFaultServer();
const STRESS = process.env.BYOKIT_STRESS === "1";

/** Forwards the request (so the backend acts), then loses the answer as `lose` says. */
const actThenLose =
  (lose: (exchange: Exchange) => void): Behaviour =>
  async (exchange) => {
    await exchange.forward();
    lose(exchange);
  };

const destroySocket = (exchange: Exchange): void => {
  exchange.socket.destroy();
};
const badGateway = (exchange: Exchange) =>
  exchange.reply({ status: 502, headers: { "content-type": "text/plain" }, body: "bad gateway" });

/** Loses the first `count` answers with `lose`, then forwards honestly. */
function loseFirst(count: number, lose: (exchange: Exchange) => void): Behaviour {
  return async (exchange) => {
    if (exchange.attempt <= count) await actThenLose(lose)(exchange);
    else await forwardAsIs(exchange);
  };
}

describe("a create whose answer is lost after the server created the key", () => {
  it.each([
    ["the socket is destroyed unanswered", destroySocket],
    ["a gateway answers 502", badGateway],
  ])("is retried by the client and returns the first record when %s", async (_, lose) => {
    const replayed: (string | undefined)[] = [];
    const server = await start(async (exchange) => {
      if (exchange.attempt <= 2) return actThenLose(lose)(exchange);
      const answer = await exchange.forward();
      replayed.push(answer.headers["idempotent-replayed"]);
      exchange.reply(answer);
    });
    const client = faultClient(server, { maxRetries: 3 });

    const record = await client.providerKeys.create({
      provider: "openai",
      name: "Exactly once",
      provider_key: fakeOpenAiKey(),
    });

    expect(server.seen).toHaveLength(3);
    const keys = new Set(server.seen.map((request) => request.headers["idempotency-key"]));
    expect(keys.size).toBe(1);
    expect(replayed).toEqual(["true"]);
    const stored = await storedKeys(server.local);
    expect(stored).toEqual([expect.objectContaining({ id: record.id, name: "Exactly once" })]);
  });

  it("when every answer is lost, fails with a ConnectionError yet holds one key, which the caller's retry gets", async () => {
    const server = await start(actThenLose(destroySocket));
    const client = faultClient(server, { maxRetries: 2 });
    const input = { provider: "openai" as const, name: "All lost", provider_key: fakeOpenAiKey() };

    await expect(
      client.providerKeys.create(input, { idempotencyKey: "lost-all-1" }),
    ).rejects.toBeInstanceOf(ConnectionError);
    expect(server.seen).toHaveLength(3);
    const [only] = await storedKeys(server.local);
    expect(await storedKeys(server.local)).toHaveLength(1);

    server.behave(forwardAsIs);
    const record = await client.providerKeys.create(input, { idempotencyKey: "lost-all-1" });
    expect(record.id).toBe(only!.id);
    expect(await storedKeys(server.local)).toHaveLength(1);
  });

  it("answered after the client's timeout, is one key when the caller retries with the same key", async () => {
    let releaseLateAnswer!: () => void;
    const late = new Promise<void>((resolve) => {
      releaseLateAnswer = resolve;
    });
    const server = await start(async (exchange) => {
      if (exchange.attempt > 1) return forwardAsIs(exchange);
      const answer = await exchange.forward();
      await late;
      if (!exchange.socket.destroyed) exchange.reply(answer);
    });
    const client = faultClient(server, { timeoutMs: 200 });
    const input = { provider: "openai" as const, name: "Too slow", provider_key: fakeOpenAiKey() };

    await expect(
      client.providerKeys.create(input, { idempotencyKey: "late-1" }),
    ).rejects.toBeInstanceOf(TimeoutError);
    const record = await client.providerKeys.create(input, { idempotencyKey: "late-1" });
    releaseLateAnswer();

    expect(server.seen).toHaveLength(2);
    expect((await storedKeys(server.local)).map((key) => key.id)).toEqual([record.id]);
  });
});

describe("a delete whose answer is lost after the server deleted the key", () => {
  it("succeeds on the retry's 404, and the key is gone", async () => {
    const server = await start();
    const client = faultClient(server);
    const created = await client.providerKeys.create({
      provider: "openai",
      name: "To delete",
      provider_key: fakeOpenAiKey(),
    });
    server.seen.length = 0;
    server.behave(loseFirst(1, destroySocket));

    await expect(client.providerKeys.delete(created.id)).resolves.toBeUndefined();
    expect(server.seen.map((request) => request.method)).toEqual(["DELETE", "DELETE"]);
    expect(await storedKeys(server.local)).toEqual([]);
  });
});

describe("random lost answers, many creates", () => {
  const trials = STRESS ? 300 : 30;

  it(`stays exactly-once over ${trials} creates with random faults on every attempt`, async () => {
    const server = await start(randomFaults);
    const client = faultClient(server, { maxRetries: 4 });
    const outcomes: { name: string; id: string }[] = [];
    let failedCalls = 0;

    for (let trial = 0; trial < trials; trial += 1) {
      const name = `Trial ${trial}`;
      const input = { provider: "openai" as const, name, provider_key: fakeOpenAiKey() };
      const options = { idempotencyKey: `trial-${trial}` };
      let record: ProviderKey;
      try {
        record = await client.providerKeys.create(input, options);
      } catch {
        // A careful caller retries with the same key and body; here, once the faults stop.
        failedCalls += 1;
        server.behave(forwardAsIs);
        record = await client.providerKeys.create(input, options);
        server.behave(randomFaults);
      }
      outcomes.push({ name, id: record.id });
    }

    const stored = await storedKeys(server.local);
    expect(stored).toHaveLength(trials);
    const storedByName = new Map(stored.map((key) => [key.name, key.id]));
    for (const outcome of outcomes) expect(storedByName.get(outcome.name)).toBe(outcome.id);
    // The faults really happened: attempts were lost and retried, some calls gave up.
    expect(server.seen.length).toBeGreaterThan(trials + failedCalls);
  });
});

/**
 * Each attempt, at random: answered honestly, lost before the backend sees it, or lost after
 * the backend acted (socket destroyed, or a 502 from a gateway).
 */
const randomFaults: Behaviour = async (exchange) => {
  const roll = Math.random();
  if (roll < 0.4) return forwardAsIs(exchange);
  if (roll < 0.6) return destroySocket(exchange);
  if (roll < 0.8) return actThenLose(destroySocket)(exchange);
  return actThenLose(badGateway)(exchange);
};
