import { type HttpHandler, http } from "msw";
import { API_BASE_URL } from "../internal/routes.js";
import { createLocalBackend } from "../local/create-local-backend.js";
import type { LocalBackend, LocalBackendOptions } from "../local/types.js";

export interface ApiHandlersOptions extends LocalBackendOptions {
  /** The backend to answer with; default: a new one from the other options. */
  readonly backend?: Pick<LocalBackend, "fetch">;
  /** Default `https://api.edgee.app`. */
  readonly baseUrl?: string;
}

/**
 * msw handlers that answer every Console API request under `baseUrl` with a local backend:
 * a faithful fake (status codes, headers, errors, `ETag`/`If-Match`, idempotency) for
 * testing your own admin tools. Requires `msw` 2 in your dev dependencies.
 *
 * @example
 * const local = createLocalBackend({ apiKeys: [{ id: "key_prod", name: "Production" }] });
 * const server = setupServer(...createApiHandlers({ backend: local }));
 * server.listen({ onUnhandledRequest: "error" });
 */
export function createApiHandlers(options: ApiHandlersOptions = {}): HttpHandler[] {
  const { backend, baseUrl, ...backendOptions } = options;
  const local = backend ?? createLocalBackend(backendOptions);
  const base = (baseUrl ?? API_BASE_URL).replace(/\/+$/, "");
  return [http.all(`${base}/v1/*`, ({ request }) => local.fetch(request))];
}
