/**
 * The contract suite's shared plumbing (provider keys, errors, and later API keys and
 * organizations): a fixture is one request and the answer Edgee gives to it, transcribed from
 * a public source named in the fixture. `reach()` serves fixtures to the client over a real
 * loopback HTTP server or in-process; `shapeOf()` reduces a JSON value to the names and JSON
 * types of its fields, to compare byokit's answers with Edgee's.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Fixture {
  /** Where it was transcribed from (a URL). */
  readonly source: string;
  /** What was taken from there, and what was not (synthetic values, placeholders). */
  readonly transcribed: string;
  /** documented, observed, inferred or extension (DESIGN.md's words). */
  readonly kind: "documented" | "observed" | "inferred" | "extension";
  readonly request: { readonly method: string; readonly path: string };
  readonly response: {
    readonly status: number;
    readonly body: unknown;
    readonly headers?: Readonly<Record<string, string>>;
  };
}

export const ORG = "org_contract";
/** Synthetic. */
export const TOKEN = "console_token_FAKE_contract_5d2c";

/** `/v1/organizations/{ORG}` + `path`. */
export const orgPath = (path: string) => `/v1/organizations/${ORG}${path}`;

function answer(fixture: Fixture | undefined): Response {
  if (!fixture) {
    return Response.json(
      { error: { type: "not_found_error", message: "no fixture" } },
      { status: 404 },
    );
  }
  return new Response(JSON.stringify(fixture.response.body), {
    status: fixture.response.status,
    headers: { "Content-Type": "application/json", ...fixture.response.headers },
  });
}

/** The fixture answering `method path` (the path without its query string). */
function find(fixtures: readonly Fixture[], method: string, url: URL): Fixture | undefined {
  return fixtures.find(
    (fixture) =>
      fixture.request.method === method && orgPath(fixture.request.path) === url.pathname,
  );
}

/** A `fetch` that answers every request with its fixture, in-process. */
export function fixtureFetch(fixtures: readonly Fixture[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    return answer(find(fixtures, request.method, new URL(request.url)));
  };
}

/** A real HTTP server on 127.0.0.1 answering with the fixtures; `close()` when done. */
export async function serveFixtures(fixtures: readonly Fixture[]) {
  const server = createServer((incoming, outgoing) => {
    incoming.resume();
    incoming.on("end", async () => {
      const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
      const response = answer(find(fixtures, incoming.method ?? "GET", url));
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(await response.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The two ways a fixture reaches the client: over loopback HTTP, and in-process. */
export const TRANSPORTS = ["loopback HTTP", "in-process fetch"] as const;

/** Client options that reach `fixtures` by `transport`; call `close()` after. */
export async function reach(fixtures: readonly Fixture[], transport: (typeof TRANSPORTS)[number]) {
  const common = { organizationId: ORG, token: TOKEN, maxRetries: 0, timeoutMs: 5000 };
  if (transport === "in-process fetch") {
    return {
      options: { ...common, baseUrl: "https://api.edgee.app", fetch: fixtureFetch(fixtures) },
      close: async () => {},
    };
  }
  const server = await serveFixtures(fixtures);
  return { options: { ...common, baseUrl: server.url }, close: server.close };
}

export type Shape = string | { readonly [field: string]: Shape } | readonly Shape[];

/**
 * A JSON value's shape: field names and JSON types (`string`, `number`, `boolean`, `null`),
 * arrays by the shape of their first item. Values are dropped, so answers with the same
 * fields compare equal.
 */
export function shapeOf(value: unknown): Shape {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shapeOf(v)]),
    );
  }
  return typeof value;
}

/**
 * The fields of Edgee's shape that byokit's lacks or types differently (byokit may have more:
 * extensions are allowed). Empty when byokit answers like Edgee.
 */
export function shapeDifferences(edgee: Shape, ours: Shape, at = "$"): string[] {
  if (Array.isArray(edgee) || Array.isArray(ours)) {
    if (!Array.isArray(edgee) || !Array.isArray(ours)) {
      return [`${at}: Edgee sends ${Array.isArray(edgee) ? "an array" : "no array"}, byokit not`];
    }
    return edgee.length === 0 || ours.length === 0
      ? []
      : shapeDifferences(edgee[0]!, ours[0]!, `${at}[0]`);
  }
  if (typeof edgee === "string" || typeof ours === "string") {
    return JSON.stringify(edgee) === JSON.stringify(ours)
      ? []
      : [`${at}: Edgee sends ${JSON.stringify(edgee)}, byokit ${JSON.stringify(ours)}`];
  }
  const mine = ours as Record<string, Shape>;
  return Object.entries(edgee as Record<string, Shape>).flatMap(([field, shape]) =>
    field in mine
      ? shapeDifferences(shape, mine[field]!, `${at}.${field}`)
      : [`${at}.${field}: missing`],
  );
}
