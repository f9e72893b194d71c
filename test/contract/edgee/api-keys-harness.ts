/**
 * Helpers of the Edgee contract tests for gateway API keys and organizations: fixtures served
 * as Edgee sends them (over a real loopback server, or in-process), and a comparison of JSON
 * shapes. Kept apart from harness.ts (provider keys) until the two are merged.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { type ConsoleClient, createClient } from "../../../src/client/create-client.js";
import { serve } from "../../../src/local/serve.js";
import type { LocalBackend } from "../../../src/local/types.js";

export const ORG = "org_12345";
export const TOKEN = "console_token_FAKE_contract";

/** One canned answer: what Edgee sends to `method path`, and where that is written down. */
export interface Fixture {
  readonly source: string;
  readonly method: string;
  /** The full path, `/v1/…`. */
  readonly path: string;
  readonly status: number;
  readonly body: unknown;
}

/** Answers each request with the fixture of its method and path (404 otherwise). */
export function fixtureFetch(fixtures: readonly Fixture[]): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const { pathname } = new URL(request.url);
    const fixture = fixtures.find((f) => f.method === request.method && f.path === pathname);
    if (!fixture) return Response.json({ error: { message: "no fixture" } }, { status: 404 });
    return Response.json(fixture.body, { status: fixture.status });
  };
}

/** The fixtures on a real HTTP server on 127.0.0.1, for the duration of the test file. */
export function useFixtureServer(fixtures: readonly Fixture[]): { url: () => string } {
  let server: Server;
  let url = "";
  beforeAll(async () => {
    const answer = fixtureFetch(fixtures);
    server = createServer(async (req, res) => {
      const response = await answer(`http://127.0.0.1${req.url}`, { method: req.method ?? "GET" });
      res.writeHead(response.status, { "Content-Type": "application/json" });
      res.end(await response.text());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: () => url };
}

/** A client of `organizationId` at `baseUrl`, or over `fetch`. */
export function contractClient(
  target: { baseUrl: string } | { fetch: typeof globalThis.fetch },
): ConsoleClient {
  return createClient({ organizationId: ORG, token: TOKEN, maxRetries: 0, ...target });
}

/** A local backend served on loopback for the test file. */
export function useServedBackend(local: () => LocalBackend): { url: () => string } {
  let close: () => Promise<void> = async () => {};
  let url = "";
  beforeAll(async () => {
    const server = await serve(local(), { port: 0, host: "127.0.0.1" });
    url = server.url;
    close = () => server.close();
  });
  afterAll(() => close());
  return { url: () => url };
}

/** A JSON value's type, as a shape comparison sees it. */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/**
 * Where the local backend's object departs from Edgee's: each field of `edgee` missing from
 * `local`, or of another JSON type (a `null` in either is allowed where `nullable` names the
 * field: Edgee documents those as "if set").
 */
export function shapeDifferences(
  edgee: Record<string, unknown>,
  local: Record<string, unknown>,
  nullable: readonly string[] = [],
): string[] {
  const differences: string[] = [];
  for (const [field, value] of Object.entries(edgee)) {
    if (!(field in local)) {
      differences.push(`${field}: missing`);
      continue;
    }
    const [a, b] = [jsonType(value), jsonType(local[field])];
    if (a !== b && !(nullable.includes(field) && (a === "null" || b === "null"))) {
      differences.push(`${field}: ${b}, Edgee sends ${a}`);
    }
  }
  return differences;
}
