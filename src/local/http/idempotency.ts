import { badParam, HttpError } from "./responses.js";

/** How long a key remembers its answer, and how many keys are remembered at most. */
const TTL_MS = 24 * 60 * 60 * 1000;
const MAX_ENTRIES = 10_000;

interface SavedAnswer {
  readonly status: number;
  readonly body: string;
  readonly headers: readonly (readonly [string, string])[];
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
export class IdempotencyCache {
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
      if (existing.fingerprint !== fingerprint) {
        throw new HttpError(
          409,
          "conflict_error",
          "this Idempotency-Key was already used with another request body",
          [{ param: "Idempotency-Key", message: "was already used with another request body" }],
        );
      }
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
      settle({
        status: response.status,
        body: await response.clone().text(),
        headers: [...response.headers].filter(([name]) => name !== "x-request-id"),
      });
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
