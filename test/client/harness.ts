/**
 * Shared plumbing of the client tests: one msw server per test file, a client with short
 * backoff, and a log of what reached the server.
 */
import { HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from "vitest";
import { type ConsoleClient, createClient } from "../../src/client/create-client.js";
import type { ClientOptions } from "../../src/client/types.js";
import { ValidationError } from "../../src/errors/validation-error.js";
import type { ProviderKey } from "../../src/providers/record.js";

export const ORIGIN = "https://api.edgee.app";
export const ORG_PATH = "/v1/organizations/org_1";
export const API = `${ORIGIN}${ORG_PATH}`;
/** Synthetic, and distinctive enough to search for in any output. */
export const TOKEN = "console_token_FAKE_7c1d9e0b2a";

export interface SentRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  /** Read in the background as the request arrives; await it. */
  readonly body: Promise<string>;
}

/**
 * Starts an msw server for the file and records every request it sees (after the client
 * sent it, so headers and body are exactly what went on the wire).
 */
export function useMockServer() {
  const server = setupServer();
  const sent: SentRequest[] = [];
  beforeAll(() => {
    server.listen({ onUnhandledRequest: "error" });
    server.events.on("request:start", ({ request }) => {
      sent.push({
        method: request.method,
        url: new URL(request.url),
        headers: request.headers,
        body: request.clone().text(),
      });
    });
  });
  afterEach(() => {
    server.resetHandlers();
    sent.length = 0;
  });
  afterAll(() => server.close());
  /** The JSON body of the `index`th request. */
  const bodyOf = async (index: number): Promise<unknown> => JSON.parse(await sent[index]!.body);
  /** The ValidationError `call` rejects (or throws) with; nothing may have been sent. */
  const refusal = async (call: () => PromiseLike<unknown>): Promise<ValidationError> => {
    const error = await Promise.resolve()
      .then(call)
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(sent).toHaveLength(0);
    if (error instanceof ValidationError) return error;
    return expect.fail(`expected a ValidationError, got ${String(error)}`);
  };
  return { server, sent, bodyOf, refusal };
}

/** Answers with each response in turn, then keeps answering with the last one. */
export function sequence(...responses: (() => Response)[]) {
  let index = 0;
  return () => responses[Math.min(index++, responses.length - 1)]!();
}

/** A client with backoff short enough that retrying tests never wait. */
export function testClient(options: ClientOptions = {}): ConsoleClient {
  return createClient({
    organizationId: "org_1",
    token: TOKEN,
    retryDelayMs: 1,
    maxRetryDelayMs: 20,
    ...options,
  });
}

/** A full record as a byokit server sends it. */
export function record(overrides: Partial<ProviderKey> = {}): ProviderKey {
  return {
    object: "provider_key",
    id: "pk_1",
    provider: "openai",
    name: "OpenAI prod",
    api_key_ids: [],
    active: true,
    preview: { type: "api_key", key: "sk-...AbCd" },
    created_at: "2025-01-01T00:00:00.000Z",
    created_by: "user_1",
    updated_at: "2025-01-01T00:00:00.000Z",
    version: 1,
    ...overrides,
  };
}

/** Edgee's error envelope with an `X-Request-Id`. */
export function apiError(
  status: number,
  type: string,
  message: string,
  init: { params?: { param: string; message: string }[]; headers?: Record<string, string> } = {},
) {
  return HttpResponse.json(
    { error: { type, message, ...(init.params ? { params: init.params } : {}) } },
    { status, headers: { "x-request-id": "req_err_1", ...init.headers } },
  );
}

/**
 * Records the delays the retry logic asks `setTimeout` for, and runs those timers at once,
 * so backoff and `Retry-After` are asserted by value without waiting. Timers of exactly
 * `keep` ms (the client's timeout) run normally.
 */
export function captureRetryDelays(keep: number) {
  const delays: number[] = [];
  const original = globalThis.setTimeout;
  beforeEach(() => {
    delays.length = 0;
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((
      callback: () => void,
      ms?: number,
      ...args: unknown[]
    ) => {
      if (ms === undefined || ms === keep || ms === 0) return original(callback, ms, ...args);
      delays.push(ms);
      return original(callback, 0, ...args);
    }) as typeof setTimeout);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  return delays;
}
