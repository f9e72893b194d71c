/**
 * A hostile or broken server cannot make the client retry without end, nor sleep longer than
 * `maxRetryDelayMs`: 5xx storms end after maxRetries + 1 attempts with the typed error, and
 * every `Retry-After` (huge, far away, negative, garbage, or in another rate-limit header) is
 * capped or ignored.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient } from "../../../src/client/create-client.js";
import {
  ConnectionError,
  InternalServerError,
  PreconditionFailedError,
  RateLimitError,
} from "../../../src/errors/index.js";
import {
  type BackendAnswer,
  fakeOpenAiKey,
  faultClient,
  forwardAsIs,
  ORG,
  storedKeys,
  TOKEN,
  useFaultServer,
} from "./fault-server.js";

const start = useFaultServer();

const unavailable = (headers: Record<string, string> = {}): BackendAnswer => ({
  status: 503,
  headers: { "content-type": "application/json", "x-request-id": "req_storm", ...headers },
  body: JSON.stringify({ error: { type: "api_error", message: "overloaded" } }),
});

describe("a 5xx storm (every answer is a 503)", () => {
  it.each([0, 1, 3, 10])(
    "ends a read after exactly maxRetries + 1 = %i + 1 attempts with InternalServerError",
    async (maxRetries) => {
      const server = await start(({ reply }) => reply(unavailable()));
      const client = faultClient(server, { maxRetries });

      const error = await client.providerKeys.list().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InternalServerError);
      expect(error).toMatchObject({ status: 503, type: "api_error", requestId: "req_storm" });
      expect(server.seen).toHaveLength(maxRetries + 1);
      expect(server.seen.every((request) => request.method === "GET")).toBe(true);
    },
  );

  it("sends every attempt of a create with the same Idempotency-Key and body, and stores nothing", async () => {
    const server = await start(({ reply }) => reply(unavailable()));
    const client = faultClient(server, { maxRetries: 4 });

    await expect(
      client.providerKeys.create({
        provider: "openai",
        name: "Storm",
        provider_key: fakeOpenAiKey(),
      }),
    ).rejects.toBeInstanceOf(InternalServerError);

    expect(server.seen).toHaveLength(5);
    const keys = new Set(server.seen.map((request) => request.headers["idempotency-key"]));
    const bodies = new Set(server.seen.map((request) => request.body));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(bodies.size).toBe(1);
    expect(await storedKeys(server.local)).toEqual([]);
  });

  it("does not retry an If-Match update on a 503: its first attempt may have been applied", async () => {
    const server = await start();
    const client = faultClient(server, { maxRetries: 5 });
    const created = await client.providerKeys.create({
      provider: "openai",
      name: "Before",
      provider_key: fakeOpenAiKey(),
    });
    server.behave(({ reply }) => reply(unavailable()));
    server.seen.length = 0;

    await expect(
      client.providerKeys.update(created.id, { name: "After" }, { ifMatch: 1 }),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]!.headers["if-match"]).toBe('"1"');
  });

  it("recovers when the storm passes before the attempts run out", async () => {
    const server = await start(async (exchange) => {
      if (exchange.attempt <= 3) exchange.reply(unavailable());
      else await forwardAsIs(exchange);
    });
    const client = faultClient(server, { maxRetries: 3 });
    const created = await client.providerKeys.create({
      provider: "openai",
      name: "After the storm",
      provider_key: fakeOpenAiKey(),
    });

    expect(server.seen).toHaveLength(4);
    expect((await storedKeys(server.local)).map((key) => key.id)).toEqual([created.id]);
  });
});

describe("a server that resets every connection", () => {
  it("is given up on after maxRetries + 1 attempts with a ConnectionError", async () => {
    const server = await start(({ socket }) => {
      socket.resetAndDestroy();
    });
    const client = faultClient(server, { maxRetries: 2 });

    await expect(client.providerKeys.get("pk_gone")).rejects.toBeInstanceOf(ConnectionError);
    expect(server.seen).toHaveLength(3);
  });
});

describe("Retry-After abuse, over real sockets with a small cap", () => {
  // With a 20 ms cap any of these values, honoured, would outlast the test by days.
  const farFuture = new Date(Date.UTC(9999, 11, 31)).toUTCString();
  it.each([
    ["huge seconds", { "retry-after": "99999999999" }],
    ["a far-future date", { "retry-after": farFuture }],
    ["a year of seconds", { "retry-after": String(365 * 86_400) }],
    ["an epoch-like number", { "retry-after": "4102444800" }],
    ["a negative number", { "retry-after": "-5" }],
    ["garbage", { "retry-after": "soon, honest" }],
    ["an overflowing exponent", { "retry-after": "1e400" }],
    ["a huge X-RateLimit-Reset", { "x-ratelimit-reset": "99999999999" }],
    ["a garbage RateLimit-Reset", { "ratelimit-reset": "later" }],
  ])("%s: every attempt is made, none sleeps past the cap", async (_, headers) => {
    const server = await start(({ reply }) =>
      reply({
        ...unavailable(headers),
        status: 429,
        body: '{"error":{"type":"rate_limit_error","message":"slow"}}',
      }),
    );
    const client = faultClient(server, { maxRetries: 3, maxRetryDelayMs: 20 });

    const error = await client.providerKeys.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.seen).toHaveLength(4);
  });
});

describe("Retry-After abuse, the delays the client asks for", () => {
  const RETRY_DELAY_MS = 1000;
  const CAP_MS = 5000;
  const TIMEOUT_MS = 987_654;
  /** The waits between attempts (ky's `delay` timers), each run at once instead. */
  const delays: number[] = [];

  function captureDelays() {
    const original = globalThis.setTimeout;
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((
      callback: () => void,
      ms?: number,
      ...args: unknown[]
    ) => {
      // Only ky's backoff timer: sockets closing from earlier tests set timers of their own.
      const isBackoff = /[/\\]ky[/\\]distribution[/\\]utils[/\\]delay\.js/.test(
        new Error().stack ?? "",
      );
      if (!isBackoff) return original(callback, ms, ...args);
      delays.push(ms ?? 0);
      return original(callback, 0, ...args);
    }) as typeof setTimeout);
  }
  afterEach(() => {
    vi.restoreAllMocks();
    delays.length = 0;
  });

  /** A client whose fetch answers every call with a 429 carrying `headers`: no socket, no timer of its own. */
  function rateLimitedClient(headers: Record<string, string>) {
    let attempts = 0;
    const fetch = async () => {
      attempts += 1;
      return new Response('{"error":{"type":"rate_limit_error","message":"slow"}}', {
        status: 429,
        headers: { "content-type": "application/json", ...headers },
      });
    };
    const client = createClient({
      organizationId: ORG,
      token: TOKEN,
      baseUrl: "http://127.0.0.1:9",
      fetch,
      maxRetries: 3,
      retryDelayMs: RETRY_DELAY_MS,
      maxRetryDelayMs: CAP_MS,
      timeoutMs: TIMEOUT_MS,
    });
    return { client, attempts: () => attempts };
  }

  const backoff = (retry: number) => RETRY_DELAY_MS * 2 ** retry;

  it.each([
    ["99999999999", "huge seconds"],
    [new Date(Date.UTC(9999, 11, 31)).toUTCString(), "a far-future date"],
    ["4102444800", "an epoch-like number"],
  ])("caps Retry-After %s (%s) at maxRetryDelayMs", async (value) => {
    captureDelays();
    const { client, attempts } = rateLimitedClient({ "retry-after": value });
    await expect(client.providerKeys.list()).rejects.toBeInstanceOf(RateLimitError);
    expect(attempts()).toBe(4);
    expect(delays).toEqual([CAP_MS, CAP_MS, CAP_MS]);
  });

  it.each([
    ["-5", "a negative number"],
    ["-1.5", "a negative fraction"],
    ["soon, honest", "garbage"],
    ["1e400", "an overflowing exponent"],
    ["0x10", "hexadecimal"],
    ["", "empty"],
  ])("ignores Retry-After %j (%s): plain backoff, never past the cap", async (value) => {
    captureDelays();
    const { client, attempts } = rateLimitedClient({ "retry-after": value });
    const error = await client.providerKeys.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBeUndefined();
    expect(attempts()).toBe(4);
    expect(delays).toHaveLength(3);
    delays.forEach((delay, retry) => {
      expect(delay).toBeGreaterThanOrEqual(backoff(retry) * 0.75);
      expect(delay).toBeLessThanOrEqual(Math.min(backoff(retry), CAP_MS));
    });
  });

  it.each([
    ["x-ratelimit-reset", "later"],
    ["ratelimit-reset", "not-a-number"],
    ["x-rate-limit-reset", "-30"],
  ])(
    "ignores an unreadable %s header too, rather than sleeping the whole cap",
    async (name, value) => {
      captureDelays();
      const { client } = rateLimitedClient({ [name]: value });
      await expect(client.providerKeys.list()).rejects.toBeInstanceOf(RateLimitError);
      expect(delays).toHaveLength(3);
      delays.forEach((delay, retry) => {
        expect(delay).toBeGreaterThanOrEqual(backoff(retry) * 0.75);
        expect(delay).toBeLessThanOrEqual(backoff(retry));
      });
    },
  );

  it("reports a readable Retry-After on the RateLimitError, uncapped, for the caller to judge", async () => {
    captureDelays();
    const { client } = rateLimitedClient({ "retry-after": "7" });
    const error = await client.providerKeys.list().catch((caught: unknown) => caught);
    expect((error as RateLimitError).retryAfterMs).toBe(7000);
    expect(delays).toEqual([5000, 5000, 5000]);
  });
});

describe("a stale If-Match under a storm of 412s", () => {
  it("is not retried at all", async () => {
    const server = await start();
    const client = faultClient(server, { maxRetries: 5 });
    const created = await client.providerKeys.create({
      provider: "openai",
      name: "Versioned",
      provider_key: fakeOpenAiKey(),
    });
    server.seen.length = 0;
    await expect(
      client.providerKeys.update(created.id, { name: "Stale" }, { ifMatch: 7 }),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(server.seen).toHaveLength(1);
  });
});
