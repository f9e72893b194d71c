/**
 * The server fuzzers' shared parts: a seeded backend, random requests (methods, paths, query
 * strings, headers, bodies), the snapshot of what is stored, and the check every answer must
 * pass (a typed 4xx or a 2xx, never a 5xx).
 */
import fc from "fast-check";
import { expect } from "vitest";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import { memoryStore } from "../../../src/local/memory-store.js";
import type { Store } from "../../../src/local/store.js";
import type { LocalBackend } from "../../../src/local/types.js";
import { PROVIDER_IDS } from "../../../src/providers/ids.js";
import {
  anyText,
  contentType,
  HUGE,
  hostileJsonText,
  invalidUtf8,
  mutatedCreateBody,
  trickyString,
  validCreateBody,
} from "./hostile.js";

export const ORG = "org_fuzz";
export const TOKEN = "fuzz-admin-token-0000";

const ERROR_TYPES = [
  "invalid_request_error",
  "authentication_error",
  "forbidden_error",
  "not_found_error",
  "conflict_error",
  "precondition_failed_error",
  "rate_limit_error",
];

/** One request the fuzzer sends. `path` is already percent-encoded. */
export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array;
}

/** A backend over a memory store, holding a few keys (one per kind of credential). */
export async function seededBackend(): Promise<{
  local: LocalBackend;
  store: Store;
  ids: string[];
}> {
  const store = memoryStore();
  const local = createLocalBackend({
    store,
    token: TOKEN,
    organizationId: ORG,
    apiKeys: [{ id: "key_staging", name: "Staging" }],
    // Credential tests never leave the process: every provider answers 401.
    fetch: async () => Response.json({ error: { message: "invalid" } }, { status: 401 }),
  });
  const ids: string[] = [];
  for (const [n, provider] of (
    ["openai", "bedrock", "google_vertex_ai", "azure"] as const
  ).entries()) {
    const response = await local.fetch(`http://localhost/v1/organizations/${ORG}/provider-keys`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify(validCreateBody(provider, n)),
    });
    expect(response.status).toBe(201);
    ids.push(((await response.json()) as { id: string }).id);
  }
  return { local, store, ids };
}

/** Everything stored (records and secrets), in a stable order: compared before and after. */
export async function snapshotOf(store: Store): Promise<string> {
  const entries = [...(await store.load())].sort((a, b) => (a.record.id < b.record.id ? -1 : 1));
  return JSON.stringify(entries);
}

/** `text` percent-encoded byte by byte (a lone surrogate becomes U+FFFD, as fetch would send it). */
function percentEncoded(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9_~.-]/.test(char)
      ? char
      : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

const segment = fc.oneof(
  { weight: 3, arbitrary: anyText.map(percentEncoded) },
  fc.constantFrom(
    "%C0%AF",
    "%ED%A0%80",
    "%FF",
    "..",
    ".",
    "%2e%2e",
    "%2F",
    "%zz",
    "%",
    "%00",
    "test",
    "resolve",
    "pk_",
    "key_staging",
  ),
  fc.constant("a".repeat(5000)),
);

/** Paths of the API with random ids, organizations and extra segments, and random paths. */
export function pathArbitrary(ids: readonly string[]) {
  const id = fc.oneof(fc.constantFrom(...ids), segment);
  const org = fc.oneof({ weight: 5, arbitrary: fc.constant(ORG) }, segment);
  return fc.oneof(
    fc.tuple(org).map(([o]) => `/v1/organizations/${o}/provider-keys`),
    fc.tuple(org, id).map(([o, i]) => `/v1/organizations/${o}/provider-keys/${i}`),
    fc.tuple(org, id).map(([o, i]) => `/v1/organizations/${o}/provider-keys/${i}/test`),
    fc.tuple(org).map(([o]) => `/v1/organizations/${o}/provider-keys/test`),
    fc.tuple(org).map(([o]) => `/v1/organizations/${o}/provider-keys/resolve`),
    fc.tuple(org).map(([o]) => `/v1/organizations/${o}/api_keys`),
    fc.array(segment, { maxLength: 7 }).map((segments) => `/${segments.join("/")}`),
    fc.constantFrom("/", "//", "/v1", "/v1/organizations", `/v1/organizations/${ORG}/`),
  );
}

/** Random query strings: the list parameters with tricky values, and junk. */
export const queryArbitrary = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom("limit", "start_key", "order_direction", "provider", "api_key_id"),
        anyText,
      ),
      fc.oneof(
        trickyString,
        anyText,
        fc.integer().map(String),
        fc.constantFrom("ASC", "desc", "100", "101", "0", "-1", "1.5", ...PROVIDER_IDS),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => {
    const params = new URLSearchParams();
    for (const [name, value] of pairs) params.append(name, value);
    const text = params.toString();
    return text ? `?${text}` : "";
  });

/** A body: damaged JSON text, a mutated valid body, bytes that are not UTF-8, too big, or none. */
export const bodyArbitrary: fc.Arbitrary<string | Uint8Array | undefined> = fc.oneof(
  { weight: 3, arbitrary: hostileJsonText },
  { weight: 3, arbitrary: mutatedCreateBody().map((body) => JSON.stringify(body) ?? "null") },
  invalidUtf8,
  fc.constant(`{"provider":"openai","name":"big","provider_key":"${"x".repeat(64 * 1024)}"}`),
  fc.constant(undefined),
);

/** Methods `fetch` can send; the HTTP fuzzer adds the ones it refuses. */
export const FETCH_METHODS = ["GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS", "HEAD"];

export function requestArbitrary(ids: readonly string[], methods = FETCH_METHODS) {
  return fc
    .record({
      method: fc.constantFrom(...methods),
      path: pathArbitrary(ids),
      query: queryArbitrary,
      body: bodyArbitrary,
      contentType,
      auth: fc.oneof(
        { weight: 8, arbitrary: fc.constant(`Bearer ${TOKEN}`) },
        fc.constantFrom("", "Bearer", "Bearer wrong-token", `bearer   ${TOKEN}`, `Basic ${TOKEN}`),
      ),
      idempotencyKey: fc.option(
        fc.string({ unit: fc.constantFrom(..."abcXYZ019-_ !~"), maxLength: 300 }),
        {
          nil: undefined,
        },
      ),
      ifMatch: fc.option(
        fc.constantFrom('"1"', '"2"', "*", "1", 'W/"1"', "garbage", '"99999999999999999999"'),
        {
          nil: undefined,
        },
      ),
    })
    .map(
      ({
        method,
        path,
        query,
        body,
        contentType: type,
        auth,
        idempotencyKey,
        ifMatch,
      }): FuzzRequest => {
        const headers: Record<string, string> = {};
        if (auth) headers.Authorization = auth;
        if (type) headers["Content-Type"] = type;
        if (idempotencyKey !== undefined) headers["Idempotency-Key"] = idempotencyKey;
        if (ifMatch !== undefined) headers["If-Match"] = ifMatch;
        const withBody = body !== undefined && method !== "GET" && method !== "HEAD";
        return { method, path: `${path}${query}`, headers, ...(withBody ? { body } : {}) };
      },
    );
}

/** Writes that may change the store when they succeed. */
export function isWrite(method: string): boolean {
  return method === "POST" || method === "PATCH" || method === "DELETE";
}

/**
 * Every answer: not a 5xx; a 4xx carries Edgee's error envelope with a known type and a
 * message; every answer but a preflight or HEAD carries `X-Request-Id`.
 */
export function expectTypedAnswer(
  request: FuzzRequest,
  status: number,
  headers: Headers,
  text: string,
): void {
  const where = `${request.method} ${request.path.slice(0, 200)}`;
  expect(status, `${where} answered ${status}: ${text.slice(0, 200)}`).toBeLessThan(500);
  expect(status).toBeGreaterThanOrEqual(200);
  if (status >= 400 && request.method !== "HEAD") {
    const body = JSON.parse(text) as { error?: { type?: unknown; message?: unknown } };
    expect(ERROR_TYPES, where).toContain(body.error?.type);
    expect(typeof body.error?.message).toBe("string");
    expect(headers.get("content-type")).toMatch(/^application\/json/);
  }
  if (status !== 204 || request.method !== "OPTIONS") {
    expect(headers.get("x-request-id"), where).toMatch(/^req_/);
  }
}

/** The size of the biggest body sent: reported with the figures. */
export const BIGGEST_BODY = Math.max(HUGE, 64 * 1024);
