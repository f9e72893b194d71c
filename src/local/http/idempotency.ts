import type { IdempotencyAnswer, IdempotencyStore } from "../store.js";
import { badParam, HttpError } from "./responses.js";

/** How long a key remembers its answer, and how many keys are remembered at most. */
const TTL_MS = 24 * 60 * 60 * 1000;
const MAX_ENTRIES = 10_000;
/** How long a claim holds its key before another instance may take it (its holder died). */
const LEASE_MS = 30_000;
/** How long a request waits for another one holding its key, before a 409 asks to retry. */
const WAIT_MS = 10_000;

type SavedAnswer = IdempotencyAnswer;

/** Runs a create under an `Idempotency-Key`: {@link IdempotencyCache} or {@link StoredIdempotency}. */
export interface Idempotency {
  run(
    scope: string,
    key: string,
    body: string,
    requestId: string,
    execute: () => Promise<Response>,
  ): Promise<Response>;
}

interface Entry {
  readonly fingerprint: string;
  /** Settles with the saved answer, or `undefined` when the first attempt did not succeed. */
  readonly answer: Promise<SavedAnswer | undefined>;
  readonly expiresAt: number;
}

/**
 * `Idempotency-Key` for creates: the same key with the same body answers with the first
 * response (same status and body, `Idempotent-Replayed: true`); the same key with another body
 * is a 409. Keys are scoped per organization. A request arriving while the first is still
 * running waits for it, so parallel retries create one record. Only successful answers are
 * remembered: after a 400 the caller may fix the body and retry with the same key.
 */
export class IdempotencyCache implements Idempotency {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;

  /** `maxEntries` is only lowered by tests: filling 10,000 keys takes seconds. */
  constructor(maxEntries = MAX_ENTRIES) {
    this.#maxEntries = maxEntries;
  }

  async run(
    scope: string,
    key: string,
    body: string,
    requestId: string,
    execute: () => Promise<Response>,
  ): Promise<Response> {
    const slot = `${scope}\n${key}`;
    const fingerprint = await sha256(body);
    for (;;) {
      this.#evictExpired();
      const existing = this.#entries.get(slot);
      if (!existing) break;
      if (existing.fingerprint !== fingerprint) throw reusedKey();
      const answer = await existing.answer;
      if (answer) return replay(answer, requestId);
    }
    let settle!: (answer: SavedAnswer | undefined) => void;
    const answer = new Promise<SavedAnswer | undefined>((resolve) => {
      settle = resolve;
    });
    this.#entries.set(slot, { fingerprint, answer, expiresAt: Date.now() + TTL_MS });
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    try {
      const response = await execute();
      if (!response.ok) {
        this.#forget(slot, settle);
        return response;
      }
      settle(await saved(response));
      return response;
    } catch (error) {
      this.#forget(slot, settle);
      throw error;
    }
  }

  #forget(slot: string, settle: (answer: undefined) => void): void {
    this.#entries.delete(slot);
    settle(undefined);
  }

  #evictExpired(): void {
    const now = Date.now();
    // Insertion order is expiry order: stop at the first live entry.
    for (const [slot, entry] of this.#entries) {
      if (entry.expiresAt > now) break;
      this.#entries.delete(slot);
    }
  }
}

/**
 * `Idempotency-Key` over the store's idempotency records, so every instance on one store
 * answers a key alike: the first request claims the key and runs; a request that finds it
 * claimed waits (polling, up to 10 s) for the answer and replays it; a different body is a
 * 409. Only successful answers are kept (24 h); a failed request releases the key. A claim
 * whose holder died expires after 30 s, and the key can be claimed again.
 */
export class StoredIdempotency implements Idempotency {
  readonly #records: IdempotencyStore;

  constructor(records: IdempotencyStore) {
    this.#records = records;
  }

  async run(
    scope: string,
    key: string,
    body: string,
    requestId: string,
    execute: () => Promise<Response>,
  ): Promise<Response> {
    const fingerprint = await sha256(body);
    const deadline = Date.now() + WAIT_MS;
    for (let delay = 10; ; delay = Math.min(delay * 2, 250)) {
      const claim = await this.#records.claim(scope, key, fingerprint, {
        leaseMs: LEASE_MS,
        ttlMs: TTL_MS,
      });
      if (claim.state === "claimed") break;
      if (claim.fingerprint !== fingerprint) throw reusedKey();
      if (claim.state === "done") return replay(claim.answer, requestId);
      if (Date.now() >= deadline) {
        throw new HttpError(
          409,
          "conflict_error",
          "a request with this Idempotency-Key is still running; retry later",
          [{ param: "Idempotency-Key", message: "is held by a request still running" }],
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    let response: Response;
    try {
      response = await execute();
    } catch (error) {
      await this.#records.release(scope, key).catch(() => undefined);
      throw error;
    }
    if (!response.ok) {
      await this.#records.release(scope, key).catch(() => undefined);
      return response;
    }
    // The record exists now: answer even if the store cannot keep the answer (its claim then
    // expires with the lease, and a retry after that would run again).
    await this.#records.complete(scope, key, await saved(response)).catch(() => undefined);
    return response;
  }
}

function reusedKey(): HttpError {
  return new HttpError(
    409,
    "conflict_error",
    "this Idempotency-Key was already used with another request body",
    [{ param: "Idempotency-Key", message: "was already used with another request body" }],
  );
}

/** What a successful answer replays: its status, body and headers but its request id. */
async function saved(response: Response): Promise<SavedAnswer> {
  return {
    status: response.status,
    body: await response.clone().text(),
    headers: [...response.headers].filter(([name]) => name !== "x-request-id"),
  };
}

/** The `Idempotency-Key` header, checked: 1–255 visible ASCII characters. */
export function readIdempotencyKey(request: Request): string | undefined {
  const key = request.headers.get("Idempotency-Key");
  if (key === null) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw badParam("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
  }
  return key;
}

/** The saved answer, under this request's own `X-Request-Id`. */
function replay(answer: SavedAnswer, requestId: string): Response {
  const headers = new Headers(answer.headers as [string, string][]);
  headers.set("X-Request-Id", requestId);
  headers.set("Idempotent-Replayed", "true");
  return new Response(answer.body, { status: answer.status, headers });
}

/** SHA-256 of the body, in hex: the body is compared without being kept (it holds a secret). */
async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
