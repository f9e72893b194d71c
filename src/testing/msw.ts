/**
 * `byokit/testing/msw`: msw handlers of the Console API. This entry imports msw (an optional
 * peer dependency: `npm i -D msw`), so only projects that use the handlers load it; fixtures
 * stay in `byokit/testing`, which never imports msw at load.
 */
import { type HttpHandler, http } from "msw";
import { type ApiHandlersOptions, buildApiHandlers } from "./msw-handlers.js";

export type { ApiHandlersOptions } from "./msw-handlers.js";

/**
 * msw handlers that answer every Console API request under `baseUrl` with a local backend:
 * a faithful fake (status codes, headers, errors, `ETag`/`If-Match`, idempotency) for
 * testing your own admin tools, in Node (`msw/node`) and browsers (`msw/browser`).
 *
 * @example
 * import { setupServer } from "msw/node";
 * import { createLocalBackend } from "byokit/local";
 * import { createApiHandlers } from "byokit/testing/msw";
 *
 * const local = createLocalBackend({ apiKeys: [{ id: "key_prod", name: "Production" }] });
 * const server = setupServer(...createApiHandlers({ backend: local }));
 * server.listen({ onUnhandledRequest: "error" });
 */
export function createApiHandlers(options: ApiHandlersOptions = {}): HttpHandler[] {
  return buildApiHandlers(http, options);
}
