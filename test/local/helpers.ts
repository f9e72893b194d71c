import { createCipheriv, randomBytes } from "node:crypto";
import { resolve } from "node:path";
import type { StoredApiKey, StoredOrganization, StoredProviderKey } from "../../src/local/store.js";
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

/** A stored gateway API key of `org_1` (`version` absent: as files written before versions). */
export function storedApiKey(id: string, version?: number): StoredApiKey {
  return {
    organization_id: "org_1",
    key: "ek_live_FAKEtest000000000000000000000000000000",
    ...(version === undefined ? {} : { version }),
    record: {
      object: "ai_gateway_api_key",
      id,
      organization_id: "org_1",
      name: id,
      type: "api",
      coding_assistant: null,
      models: [],
      max_usage: null,
      active: true,
      debug_mode: false,
      created_at: new Date().toISOString(),
      expires_at: "2099-01-01T00:00:00.000Z",
      last_used_at: null,
      byok_only: false,
    },
  };
}

/** A stored organization at `version`. */
export function storedOrganization(id: string, version: number, byokOnly = false) {
  return {
    organization_id: id,
    record: { id, slug: id, name: id, byok_only: byokOnly },
    version,
  } satisfies StoredOrganization;
}

/** The header fields of a store file, as {@link sealStoreFile} may override them. */
export interface StoreFileHeader {
  readonly format?: unknown;
  readonly version?: unknown;
  readonly generation?: unknown;
  readonly cipher?: unknown;
  readonly iv?: unknown;
  readonly tag?: unknown;
  readonly data?: unknown;
}

/**
 * The text of a store file holding `plaintext`, encrypted with `key` as `fileStore` would
 * (bound to `path`): for tests that need a file which decrypts but is wrong in one respect.
 * `aad` overrides the header the ciphertext is bound to (default: the one written, so the
 * file decrypts), `ivBytes`/`tagBytes` the IV length and how much of the tag is kept, and
 * `header` any field as written.
 */
export function sealStoreFile(
  path: string,
  key: Uint8Array,
  plaintext: string,
  options: {
    readonly version?: number;
    readonly generation?: number | string;
    readonly ivBytes?: number;
    readonly tagBytes?: number;
    readonly header?: StoreFileHeader;
  } = {},
): string {
  const version = options.version ?? 2;
  const generation = options.generation ?? 1;
  const iv = randomBytes(options.ivBytes ?? 12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(
    Buffer.from(
      version === 1
        ? "byokit-file-store:1"
        : `byokit-file-store:${version}:${generation}:${resolve(path)}`,
    ),
  );
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag().subarray(0, options.tagBytes ?? 16);
  return JSON.stringify({
    format: "byokit-file-store",
    version,
    ...(version === 1 ? {} : { generation }),
    cipher: "aes-256-gcm",
    iv: iv.toString("base64"),
    tag: tag.toString("base64"),
    data: data.toString("base64"),
    ...options.header,
  });
}
