/**
 * Tests never reach the internet: any fetch that msw does not answer and that is not for this
 * machine (loopback) fails loudly here, instead of trying the network.
 */
// Set up once per worker: test files that share a module graph run this file again each.
const REAL_FETCH = Symbol.for("byokit.test.realFetch");
const saved = globalThis as typeof globalThis & { [REAL_FETCH]?: typeof fetch };
saved[REAL_FETCH] ??= globalThis.fetch;
const realFetch = saved[REAL_FETCH];
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!LOOPBACK.has(url.hostname)) {
    throw new TypeError(`test tried to reach the network: ${url.origin} (simulate it with msw)`);
  }
  return realFetch(input, init);
};
