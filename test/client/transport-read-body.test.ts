/**
 * How the transport reads an answer's body (`readBodyWithin`): whole, whatever its chunks,
 * within the call's timeout; past it, the stream is cancelled and the timeout's error thrown.
 * Timers are faked, so nothing here waits.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readBodyWithin } from "../../src/client/read-body-within.js";
import { TimeoutError } from "../../src/errors/index.js";

const TIMEOUT_MS = 5000;
const encoder = new TextEncoder();

/** A response whose body arrives as `chunks`, then ends. */
function chunked(chunks: Uint8Array[]): Response {
  return new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    }),
  );
}

/** A response whose body never ends; `cancelled` says whether the reader gave up on it. */
function stalled() {
  const state = { cancelled: false };
  const response = new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('{"partial":'));
      },
      cancel() {
        state.cancelled = true;
      },
    }),
  );
  return { response, state };
}

const timeout = () => new TimeoutError("GET /v1/… → no answer within 5000 ms");

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("readBodyWithin", () => {
  it("reads a response without a body as empty text", async () => {
    const onTimeout = vi.fn(timeout);
    expect(await readBodyWithin(new Response(null, { status: 204 }), TIMEOUT_MS, onTimeout)).toBe(
      "",
    );
    expect(onTimeout).not.toHaveBeenCalled();
  });

  it("reads a body of no chunks as empty text", async () => {
    expect(await readBodyWithin(chunked([]), TIMEOUT_MS, timeout)).toBe("");
  });

  it("reads a body of one chunk", async () => {
    expect(
      await readBodyWithin(chunked([encoder.encode('{"id":"pk_1"}')]), TIMEOUT_MS, timeout),
    ).toBe('{"id":"pk_1"}');
  });

  it("joins many chunks in order, even a character split between two of them", async () => {
    const bytes = encoder.encode('{"name":"Zürich ✓","id":"pk_1"}');
    // "ü" and "✓" are 2 and 3 bytes: cutting every 3 bytes splits both.
    const chunks = Array.from({ length: Math.ceil(bytes.length / 3) }, (_, index) =>
      bytes.slice(index * 3, index * 3 + 3),
    );
    expect(await readBodyWithin(chunked(chunks), TIMEOUT_MS, timeout)).toBe(
      '{"name":"Zürich ✓","id":"pk_1"}',
    );
  });

  it("leaves no timer behind once the body is read, so nothing fires later", async () => {
    const onTimeout = vi.fn(timeout);
    await readBodyWithin(
      chunked([encoder.encode("[]"), encoder.encode(" ")]),
      TIMEOUT_MS,
      onTimeout,
    );
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(TIMEOUT_MS * 2);
    expect(onTimeout).not.toHaveBeenCalled();
  });

  it("rejects with the timeout's error and cancels the stream when the body does not end in time", async () => {
    const { response, state } = stalled();
    const error = timeout();
    const reading = readBodyWithin(response, TIMEOUT_MS, () => error).catch(
      (caught: unknown) => caught,
    );
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS - 1);
    expect(state.cancelled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await reading).toBe(error);
    expect(state.cancelled).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with the stream's own error when the body breaks, and stops the timer", async () => {
    const broken = new TypeError("terminated");
    const response = new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.error(broken);
        },
      }),
    );
    const onTimeout = vi.fn(timeout);
    await expect(readBodyWithin(response, TIMEOUT_MS, onTimeout)).rejects.toBe(broken);
    expect(vi.getTimerCount()).toBe(0);
    expect(onTimeout).not.toHaveBeenCalled();
  });
});
