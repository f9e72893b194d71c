import type { StoredProviderKey } from "../../src/local/store.js";
import type { LocalBackend } from "../../src/local/types.js";

export const ORG = "org_test";
export const BASE = `http://localhost/v1/organizations/${ORG}`;
export const TOKEN = "test-admin-token-0123456789";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz";

/** Random characters from `alphabet`: every synthetic secret is fresh and obviously fake. */
function random(length: number, alphabet = ALNUM): string {
  let out = "";
  for (const byte of crypto.getRandomValues(new Uint8Array(length))) {
    out += alphabet[byte % alphabet.length];
  }
  return out;
}

/** A synthetic OpenAI-shaped key: `sk-test-FAKE…`. */
export function fakeApiKey(prefix = "sk-test-FAKE"): string {
  return `${prefix}${random(32)}`;
}

/** A synthetic Bedrock region entry. */
export function fakeRegion(options: { sessionToken?: boolean } = {}) {
  return {
    access_key_id: `AKIA${random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`,
    secret_access_key: `FAKEsecret${random(30)}`,
    ...(options.sessionToken ? { session_token: `FAKEtoken${random(40)}` } : {}),
  };
}

export interface CallOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly token?: string | null;
}

/** One request through `local.fetch`, JSON in and out. */
export async function call(
  local: Pick<LocalBackend, "fetch">,
  method: string,
  path: string,
  options: CallOptions = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== null) headers.Authorization = `Bearer ${options.token ?? TOKEN}`;
  if (options.body !== undefined) headers["Content-Type"] ??= "application/json";
  const response = await local.fetch(`${BASE}${path}`, {
    method,
    headers,
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
    json: (text ? JSON.parse(text) : undefined) as any,
  };
}

/** A store entry for an OpenAI key, as the backend writes one: for tests of the stores. */
export function storedOpenAiEntry(
  id: string,
  credentials: unknown,
  organizationId = "org_1",
): StoredProviderKey {
  return {
    organization_id: organizationId,
    credentials,
    record: {
      object: "provider_key",
      id,
      provider: "openai",
      name: id,
      api_key_ids: [],
      active: true,
      created_at: new Date().toISOString(),
      created_by: "local",
      version: 1,
    },
  };
}
