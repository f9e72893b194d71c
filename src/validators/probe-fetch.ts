import { guardedDispatcher } from "./guarded-dispatcher.js";
import { RedirectRefusedError } from "./redirect-refused-error.js";
import { isNodeRuntime } from "./runtime.js";
import type { NetworkOptions } from "./types.js";

/** Statuses that ask a client to send the request again elsewhere. */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const MAX_TARGET_LENGTH = 200;

/**
 * The `fetch` every credential probe (and Vertex's token request) goes through:
 * - it never follows a redirect (`redirect: "manual"`): a 3xx, or a browser's opaque redirect
 *   (status 0), rejects with `RedirectRefusedError` naming where it pointed, so credentials
 *   never reach a host they were not meant for;
 * - without an injected `fetch`, in Node, and unless `network.allowPrivateNetworks`, each
 *   connection goes through `guardedDispatcher()`, which refuses private addresses. An
 *   injected `fetch` is the caller's: the address check is then theirs.
 */
export function probeFetch(
  injected: typeof globalThis.fetch | undefined,
  network: NetworkOptions,
): typeof globalThis.fetch {
  return async (input, init) => {
    const manual: RequestInit = { ...init, redirect: "manual" };
    let response: Response;
    if (injected) {
      response = await injected(input, manual);
    } else if (isNodeRuntime() && network.allowPrivateNetworks !== true) {
      const dispatcher = await guardedDispatcher();
      // Node's fetch takes an undici dispatcher; looked up now, so msw and test stubs still see it.
      response = await globalThis.fetch(input, { ...manual, dispatcher } as RequestInit);
    } else {
      response = await globalThis.fetch(input, manual);
    }
    if (response.type === "opaqueredirect" || REDIRECT_STATUSES.has(response.status)) {
      response.body?.cancel().catch(() => {});
      throw new RedirectRefusedError(redirectTarget(response, urlOf(input)));
    }
    return response;
  };
}

/** Origin and path of the `Location`, resolved against the request's URL; nothing else. */
function redirectTarget(response: Response, requestUrl: string): string | undefined {
  const location = response.headers.get("location");
  if (location === null) return undefined;
  try {
    const url = new URL(location, requestUrl);
    const target =
      url.protocol === "http:" || url.protocol === "https:"
        ? `${url.protocol}//${url.host}${url.pathname}`
        : url.protocol;
    return target.length <= MAX_TARGET_LENGTH
      ? target
      : `${target.slice(0, MAX_TARGET_LENGTH - 1)}…`;
  } catch {
    return undefined;
  }
}

function urlOf(input: RequestInfo | URL): string {
  if (input instanceof Request) return input.url;
  return String(input);
}
