/**
 * How long the client waits between attempts, asserted by the delays it asks for: the
 * timers themselves run at once (see captureRetryDelays), so nothing here waits.
 */
import { HttpResponse, http } from "msw";
import { describe, expect, it, vi } from "vitest";
import { API, apiError, captureRetryDelays, record, testClient, useMockServer } from "./harness.js";

const TIMEOUT_MS = 987_654;
const { server, sent } = useMockServer();
const delays = captureRetryDelays(TIMEOUT_MS);
const client = testClient({ retryDelayMs: 1000, maxRetryDelayMs: 60_000, timeoutMs: TIMEOUT_MS });

function failTwiceThenSucceed(failure: () => Response) {
  let attempts = 0;
  return () => (++attempts <= 2 ? failure() : HttpResponse.json(record()));
}

describe("backoff", () => {
  it("doubles the wait on each retry, with jitter taking off at most a quarter", async () => {
    server.use(
      http.get(
        `${API}/provider-keys/pk_1`,
        failTwiceThenSucceed(() => apiError(503, "api_error", "x")),
      ),
    );
    await client.providerKeys.get("pk_1");

    expect(sent).toHaveLength(3);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(750);
    expect(delays[0]).toBeLessThanOrEqual(1000);
    expect(delays[1]).toBeGreaterThanOrEqual(1500);
    expect(delays[1]).toBeLessThanOrEqual(2000);
  });

  it.each([
    [0, [750, 1500]],
    [0.5, [875, 1750]],
  ])(
    "takes jitter from Math.random (%d gives %j), so clients that failed together spread out",
    async (random, expected) => {
      vi.spyOn(Math, "random").mockReturnValue(random);
      server.use(
        http.get(
          `${API}/provider-keys/pk_1`,
          failTwiceThenSucceed(() => apiError(503, "api_error", "x")),
        ),
      );
      await client.providerKeys.get("pk_1");
      expect(delays).toEqual(expected);
    },
  );

  it("never waits longer than maxRetryDelayMs between attempts", async () => {
    server.use(http.get(`${API}/provider-keys/pk_1`, () => apiError(503, "api_error", "x")));
    const capped = testClient({
      retryDelayMs: 50_000,
      maxRetryDelayMs: 60_000,
      maxRetries: 3,
      timeoutMs: TIMEOUT_MS,
    });
    await expect(capped.providerKeys.get("pk_1")).rejects.toMatchObject({ status: 503 });
    expect(delays).toHaveLength(3);
    expect(Math.max(...delays)).toBeLessThanOrEqual(60_000);
  });
});

describe("Retry-After", () => {
  const limited = (retryAfter: string) => () =>
    apiError(429, "rate_limit_error", "slow down", { headers: { "retry-after": retryAfter } });

  it("waits the seconds a 429 asks for instead of the backoff", async () => {
    server.use(http.get(`${API}/provider-keys/pk_1`, failTwiceThenSucceed(limited("3"))));
    await client.providerKeys.get("pk_1");
    expect(delays).toEqual([3000, 3000]);
  });

  it("waits until the HTTP date a 503 names", async () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const unavailable = () =>
      apiError(503, "api_error", "busy", { headers: { "retry-after": inTenSeconds } });
    server.use(http.get(`${API}/provider-keys/pk_1`, failTwiceThenSucceed(unavailable)));
    await client.providerKeys.get("pk_1");

    expect(delays).toHaveLength(2);
    for (const delay of delays) {
      // HTTP dates have whole seconds: the wait is the rest of those ten seconds.
      expect(delay).toBeGreaterThan(8000);
      expect(delay).toBeLessThanOrEqual(10_000);
    }
  });

  it("caps a huge Retry-After at maxRetryDelayMs", async () => {
    server.use(http.get(`${API}/provider-keys/pk_1`, failTwiceThenSucceed(limited("86400"))));
    await client.providerKeys.get("pk_1");
    expect(delays).toEqual([60_000, 60_000]);
  });

  it("caps a far-away Retry-After date too", async () => {
    const nextYear = new Date(Date.now() + 365 * 86_400_000).toUTCString();
    server.use(http.get(`${API}/provider-keys/pk_1`, failTwiceThenSucceed(limited(nextYear))));
    await client.providerKeys.get("pk_1");
    expect(delays).toEqual([60_000, 60_000]);
  });

  it("backs off normally when Retry-After cannot be read", async () => {
    server.use(http.get(`${API}/provider-keys/pk_1`, failTwiceThenSucceed(limited("soon-ish"))));
    await client.providerKeys.get("pk_1");
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeLessThanOrEqual(1000);
    expect(delays[1]).toBeLessThanOrEqual(2000);
  });
});
