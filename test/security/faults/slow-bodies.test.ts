/**
 * A server that answers its headers at once, then dribbles the body: a body that arrives
 * within the client's timeout is read whole; one that does not is a TimeoutError, and the
 * call ends instead of hanging on the socket.
 */
import { describe, expect, it } from "vitest";
import { InternalServerError, TimeoutError } from "../../../src/errors/index.js";
import { dribble, fakeOpenAiKey, faultClient, useFaultServer } from "./fault-server.js";

const start = useFaultServer();

describe("a body that dribbles in", () => {
  it("is read whole when it completes within the timeout", async () => {
    const server = await start(async ({ forward, response }) => {
      await dribble(response, await forward(), { bytesPerTick: 64, everyMs: 5 });
    });
    const client = faultClient(server, { timeoutMs: 10_000 });
    const created = await client.providerKeys.create({
      provider: "openai",
      name: "Slow but whole",
      provider_key: fakeOpenAiKey(),
    });

    expect(created).toMatchObject({ name: "Slow but whole", provider: "openai", version: 1 });
    expect(server.seen).toHaveLength(1);
  });

  it("is a TimeoutError when it does not complete within the timeout", async () => {
    // 1 byte every 100 ms: the list body (the paging envelope, asked for with a limit) would
    // take ~10 s against a 300 ms timeout.
    let bodyFinished = false;
    const server = await start(async ({ forward, response }) => {
      await dribble(response, await forward(), { bytesPerTick: 1, everyMs: 100 });
      bodyFinished = !response.destroyed && response.writableFinished;
    });
    const client = faultClient(server, { timeoutMs: 300, maxRetries: 0 });

    const error = await client.providerKeys.list({ limit: 20 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(
      "GET /v1/organizations/org_faults/provider-keys → no answer within 300 ms",
    );
    // The call ended while the body was still arriving: it did not wait for it.
    expect(bodyFinished).toBe(false);
    expect(server.seen).toHaveLength(1);
  });

  it("still gives a typed error, by status, when an error body never completes", async () => {
    let bodiesFinished = 0;
    const server = await start(async ({ response }) => {
      const body = JSON.stringify({ error: { type: "api_error", message: "x".repeat(200) } });
      await dribble(
        response,
        { status: 503, headers: { "content-type": "application/json" }, body },
        { bytesPerTick: 1, everyMs: 100 },
      );
      if (response.writableFinished) bodiesFinished += 1;
    });
    const client = faultClient(server, { timeoutMs: 300, maxRetries: 1 });

    const error = await client.providerKeys.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 503, type: "api_error" });
    // Both attempts were made, and neither waited for its 20-second body.
    expect(server.seen).toHaveLength(2);
    expect(bodiesFinished).toBe(0);
  });
});
