import { safeRequestId } from "../client/to-api-error.js";
import { ConnectionError } from "../errors/connection-error.js";
import { createApiError } from "../errors/create-api-error.js";
import { API_BASE_URL } from "../internal/routes.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./usage-error.js";

/** Where the `keys`, `resolve` and (remote) `test` commands send their requests. */
export interface RemoteConfig {
  readonly baseUrl: string;
  readonly token: string;
  readonly organizationId: string;
  readonly fetch: typeof globalThis.fetch;
}

export const REMOTE_OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  org: { type: "string" },
} as const;

/**
 * `--url`/`BYOKIT_URL` (default Edgee's API), `--token`/`EDGEE_CONSOLE_API_TOKEN`,
 * `--org`/`EDGEE_ORGANIZATION_ID`; a missing one is a usage error naming both spellings.
 */
export function remoteConfig(
  values: { url?: string | undefined; token?: string | undefined; org?: string | undefined },
  io: CliIo,
): RemoteConfig {
  const baseUrl = (values.url ?? io.env.BYOKIT_URL ?? API_BASE_URL).replace(/\/+$/, "");
  const token = values.token ?? io.env.EDGEE_CONSOLE_API_TOKEN;
  const organizationId = values.org ?? io.env.EDGEE_ORGANIZATION_ID;
  const missing = [
    ...(token ? [] : ["--token (or EDGEE_CONSOLE_API_TOKEN)"]),
    ...(organizationId ? [] : ["--org (or EDGEE_ORGANIZATION_ID)"]),
  ];
  if (missing.length > 0) throw new UsageError(`missing ${missing.join(" and ")}`);
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) {
    throw new UsageError("--url (or BYOKIT_URL) must be an http:// or https:// URL");
  }
  return { baseUrl, token: token!, organizationId: organizationId!, fetch: io.fetch };
}

/**
 * One API call with plain `fetch`: JSON in and out, errors turned into byokit's typed
 * `ApiError`s (whose messages carry method, path and status, never a body or a header).
 */
export async function callApi(
  config: RemoteConfig,
  route: { readonly method: string; readonly path: string },
  options: {
    body?: unknown;
    query?: Record<string, string | undefined>;
    headers?: Record<string, string>;
  } = {},
): Promise<unknown> {
  const url = new URL(`${config.baseUrl}${route.path}`);
  for (const [name, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  let response: Response;
  try {
    response = await config.fetch(url, {
      method: route.method,
      headers: {
        Authorization: `Bearer ${config.token}`,
        Accept: "application/json",
        ...(options.body === undefined ? {} : { "Content-Type": "application/json" }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    throw new ConnectionError(
      `${route.method} ${route.path}: cannot reach ${url.origin}${code ? ` (${code})` : ""}`,
    );
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as { error?: { type?: string; message?: string; params?: [] } })?.error;
    throw createApiError({
      status: response.status,
      type: error?.type ?? "api_error",
      detail: error?.message ?? response.statusText,
      method: route.method,
      path: route.path,
      // A server may echo what it was sent in its request id: never show it then.
      requestId: safeRequestId(response.headers.get("X-Request-Id"), stringsIn(options.body)),
      params: error?.params,
    });
  }
  return body;
}

/** Every string in a request body: what the request may have carried as a secret. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value !== "object" || value === null) return [];
  return Object.values(value).flatMap(stringsIn);
}
