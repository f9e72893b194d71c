import { createLocalBackend, type LocalBackend } from "byokit/local";

/**
 * The world doc blocks run in: `globalThis.fetch` is replaced by `docFetch` while they run.
 * - `https://api.edgee.app` (and `http://127.0.0.1:8787`, `http://localhost:8787`, where the docs
 *   run `byokit serve`) → an embedded local backend without a token (every caller trusted),
 *   fresh for each block, seeded with the gateway API keys the docs name;
 * - other loopback URLs → the real fetch (a block may `serve()` and call its own server);
 * - any other host (a provider) → a 401 "invalid API key", so a credential test answers
 *   `invalid_credentials` without a network.
 * `process.env` also holds `DOC_ENV` while a block runs.
 */
export const DOC_API_KEYS = [
  { id: "key_prod", name: "Production" },
  { id: "key_production", name: "Production" },
  { id: "key_staging", name: "Staging" },
];

/** The environment a reader's shell would have set (`createClient()` reads it in Node). */
export const DOC_ENV = {
  EDGEE_CONSOLE_API_TOKEN: "doc-test-token",
  EDGEE_ORGANIZATION_ID: "org_123",
};

const BACKEND_ORIGINS = new Set([
  "https://api.edgee.app",
  "http://127.0.0.1:8787",
  "http://localhost:8787",
]);
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** What a provider answers every request in the doc-test world. */
export const fakeProviderFetch: typeof fetch = async () =>
  Response.json(
    { error: { message: "Incorrect API key provided.", type: "invalid_request_error" } },
    { status: 401 },
  );

export function docBackend(): LocalBackend {
  return createLocalBackend({ apiKeys: DOC_API_KEYS, fetch: fakeProviderFetch });
}

let backend = docBackend();

/** A fresh backend for the next block. */
export function resetDocBackend(): void {
  backend = docBackend();
}

export function docFetch(realFetch: typeof fetch): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (BACKEND_ORIGINS.has(url.origin)) return backend.fetch(input, init);
    if (LOOPBACK.has(url.hostname)) return realFetch(input, init);
    return fakeProviderFetch(input, init);
  };
}
