import { randomBytes } from "node:crypto";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect } from "vitest";

/** One msw server for a test file; unhandled requests fail the test (nothing reaches the internet). */
export function useMswServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Random characters from `alphabet`: synthetic secrets, new on every run. */
export function randomText(length: number, alphabet = ALPHANUMERIC): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** A `fetch` that records every request it sends (through msw's patched global fetch). */
export function recordingFetch() {
  const sent: Request[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    sent.push(request.clone());
    return globalThis.fetch(request);
  };
  return { fetch, sent };
}

/** Fails when `value`, serialized, contains any 6-character fragment of `secret`. */
export function expectNoFragmentOf(value: unknown, secret: string): void {
  const serialized = typeof value === "string" ? value : JSON.stringify(value);
  for (let start = 0; start + 6 <= secret.length; start++) {
    const fragment = secret.slice(start, start + 6);
    if (serialized.includes(fragment)) {
      expect.fail(`found the secret's fragment at ${start} in: ${serialized.slice(0, 300)}`);
    }
  }
}
