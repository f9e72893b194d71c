import type { HttpHandler, http as mswHttp } from "msw";
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
 * The handlers of `createApiHandlers`, built with the `http` namespace of the msw its caller
 * loaded: `byokit/testing/msw` imports msw, `byokit/testing` requires it on first use. Only
 * msw's types are imported here, so this file never loads msw itself.
 *
 * @example
 * import { http } from "msw";
 * const handlers = buildApiHandlers(http, { apiKeys: [{ id: "key_prod", name: "Production" }] });
 */
export function buildApiHandlers(
  http: typeof mswHttp,
  options: ApiHandlersOptions = {},
): HttpHandler[] {
  const { backend, baseUrl, ...backendOptions } = options;
  const local = backend ?? createLocalBackend(backendOptions);
  const base = (baseUrl ?? API_BASE_URL).replace(/\/+$/, "");
  return [http.all(`${base}/v1/*`, ({ request }) => local.fetch(request))];
}
