import type * as Msw from "msw";
import type { HttpHandler } from "msw";
import { type ApiHandlersOptions, buildApiHandlers } from "./msw-handlers.js";
import { requireMsw } from "./require-msw.js";

let msw: typeof Msw | undefined;

/**
 * msw handlers that answer every Console API request under `baseUrl` with a local backend
 * (see `byokit/testing/msw`, the same function). This one loads msw on its first call, not
 * when `byokit/testing` is imported, so fixtures work in projects without msw; it needs Node.
 * Without msw it throws a `MissingPeerDependencyError` naming `npm i -D msw`.
 *
 * @example
 * import { setupServer } from "msw/node";
 * import { createApiHandlers } from "byokit/testing";
 *
 * const server = setupServer(...createApiHandlers({ apiKeys: [{ id: "key_prod", name: "Prod" }] }));
 */
export function createApiHandlers(options: ApiHandlersOptions = {}): HttpHandler[] {
  msw ??= requireMsw();
  return buildApiHandlers(msw.http, options);
}
