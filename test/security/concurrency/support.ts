/**
 * Shared plumbing of the concurrency tests: stores that widen race windows or record every
 * committed state, and one `send` that goes either in-process (`local.fetch`) or over HTTP
 * (`serve` on 127.0.0.1, port 0), so each race runs both ways.
 */
import { afterEach } from "vitest";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import { memoryStore } from "../../../src/local/memory-store.js";
import { serve } from "../../../src/local/serve.js";
import type { Store, StoredProviderKey } from "../../../src/local/store.js";
import type { LocalBackend, LocalBackendOptions } from "../../../src/local/types.js";

export const ORG = "org_races";
export const TOKEN = "races_admin_token";
export const STRESS = process.env.BYOKIT_STRESS === "1";
export const PATH = `/v1/organizations/${ORG}/provider-keys`;

/** A memory store whose writes take a random 0–`maxDelayMs` ms, as a disk would. */
export function slowStore(maxDelayMs = 3, inner: Store = memoryStore()): Store {
  const pause = () =>
    new Promise<void>((resolve) => setTimeout(resolve, Math.random() * maxDelayMs));
  return {
    load: () => inner.load(),
    put: async (entry) => {
      await pause();
      await inner.put(entry);
    },
    delete: async (organizationId, id) => {
      await pause();
      await inner.delete(organizationId, id);
    },
  };
}

/** One committed state of the store: id → the entry as it was then. */
export type Snapshot = ReadonlyMap<string, StoredProviderKey>;

/**
 * A store that keeps every state it ever committed, in commit order: `states[0]` is empty,
 * `states[n]` follows the n-th write. The backend makes a write visible to readers right
 * after its `put`/`delete` resolves, so at any moment readers see `states[n]` or
 * `states[n - 1]`, where n is `states.length - 1`.
 */
export function recordingStore(inner: Store = slowStore()): Store & { states: Snapshot[] } {
  const states: Snapshot[] = [new Map()];
  const commit = (change: (next: Map<string, StoredProviderKey>) => void) => {
    const next = new Map(states[states.length - 1]!);
    change(next);
    states.push(next);
  };
  return {
    states,
    load: () => inner.load(),
    put: async (entry) => {
      await inner.put(entry);
      commit((next) => next.set(entry.record.id, structuredClone(entry)));
    },
    delete: async (organizationId, id) => {
      await inner.delete(organizationId, id);
      commit((next) => next.delete(id));
    },
  };
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  readonly json: any;
  readonly text: string;
}

export type Send = (
  method: string,
  path: string,
  init?: { body?: unknown; headers?: Record<string, string> },
) => Promise<Answer>;

export interface Target {
  readonly local: LocalBackend;
  readonly send: Send;
}

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/**
 * A local backend reached in-process or over HTTP. Over HTTP every request comes from the
 * global fetch on its own connection pool: the races are real sockets racing.
 */
export async function target(
  via: "in-process" | "http",
  options: LocalBackendOptions = {},
): Promise<Target> {
  const local = createLocalBackend({
    store: slowStore(),
    token: TOKEN,
    organizationId: ORG,
    apiKeys: [
      { id: "key_a", name: "A" },
      { id: "key_b", name: "B" },
    ],
    ...options,
  });
  let origin = "http://127.0.0.1";
  let fetcher: typeof fetch = local.fetch;
  if (via === "http") {
    const server = await serve(local, { port: 0, host: "127.0.0.1" });
    servers.push(server);
    origin = server.url;
    fetcher = fetch;
  }
  const send: Send = async (method, path, init = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}`, ...init.headers };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    const response = await fetcher(`${origin}${path}`, {
      method,
      headers,
      ...(init.body === undefined
        ? {}
        : { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: text === "" ? undefined : JSON.parse(text),
    };
  };
  return { local, send };
}

/** A synthetic OpenAI-shaped key. */
export function fakeKey(tag: string): string {
  return `sk-test-FAKE${tag}${"0".repeat(Math.max(0, 20 - tag.length))}`;
}
