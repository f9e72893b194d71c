/**
 * Tests never reach the internet: any fetch that msw does not answer and that is not for this
 * machine (loopback) fails loudly here, instead of trying the network.
 */
const realFetch = globalThis.fetch;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!LOOPBACK.has(url.hostname)) {
    throw new TypeError(`test tried to reach the network: ${url.origin} (simulate it with msw)`);
  }
  return realFetch(input, init);
};
