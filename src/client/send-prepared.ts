import type { Options } from "ky";

type KyFetch = NonNullable<Options["fetch"]>;

/**
 * The `fetch` ky is given: it sends ky's prepared Request on as `(url, init)`, with the body
 * text the client already has. Handed a Request, Node's fetch copies it and streams its body
 * through the clone ky keeps for retries, which costs more than the rest of a call on
 * loopback; as `(url, init)` both are skipped. ky still builds, times out and retries the
 * request; only the hand-over changes, and any fetch (`local.fetch`, msw) accepts either form.
 */
export function sendPrepared(
  fetch: typeof globalThis.fetch | undefined,
  bodyText: string | null = null,
): KyFetch {
  const send = (input: RequestInfo | URL, init?: RequestInit) =>
    fetch ? fetch(input, init) : globalThis.fetch(input, init);
  return (request, extra) => {
    // ky always hands over a Request; anything else goes on untouched.
    if (!(request instanceof Request)) return send(request, extra);
    const init: RequestInit = {
      method: request.method,
      headers: request.headers,
      body: bodyText,
      signal: request.signal,
    };
    return send(request.url, init);
  };
}
