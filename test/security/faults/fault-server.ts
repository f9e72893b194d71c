/**
 * A real HTTP server on 127.0.0.1, port 0, that misbehaves on purpose: each request is handed
 * to a scripted behaviour that may forward it to a real local backend and then lie, stall,
 * cut the body or destroy the socket. Tests assert on what reached it (`seen`) as well as on
 * what the client made of it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach } from "vitest";
import { createClient } from "../../../src/client/create-client.js";
import type { ClientOptions } from "../../../src/client/types.js";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import { memoryStore } from "../../../src/local/memory-store.js";
import type { LocalBackend } from "../../../src/local/types.js";

export const ORG = "org_faults";
export const TOKEN = "faults_console_token_FAKE_3b9d";

/** One request as it reached the server: what the client really sent, attempt by attempt. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

/** The backend's answer to a forwarded request, read in full. */
export interface BackendAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface Exchange {
  readonly request: SeenRequest;
  /** 1 for the first request this server saw, 2 for the next, … */
  readonly attempt: number;
  readonly response: ServerResponse;
  readonly socket: Socket;
  /** Sends the request on to the real local backend and returns its full answer. */
  forward(): Promise<BackendAnswer>;
  /** Writes an answer exactly as given. */
  reply(answer: BackendAnswer): void;
}

export type Behaviour = (exchange: Exchange) => void | Promise<void>;

export interface FaultServer {
  readonly url: string;
  readonly local: LocalBackend;
  readonly seen: SeenRequest[];
  /** Replaces how the next requests are answered. */
  behave(behaviour: Behaviour): void;
  close(): Promise<void>;
}

/** Starts a fault server in front of a fresh local backend (memory store). */
export async function startFaultServer(
  behaviour: Behaviour = forwardAsIs,
  local: LocalBackend = createLocalBackend({
    store: memoryStore(),
    token: TOKEN,
    organizationId: ORG,
  }),
): Promise<FaultServer> {
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  let current = behaviour;
  const server = createServer((incoming, response) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming as AsyncIterable<Buffer>) chunks.push(chunk);
      const request: SeenRequest = {
        method: incoming.method ?? "GET",
        path: incoming.url ?? "/",
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      seen.push(request);
      await current({
        request,
        attempt: seen.length,
        response,
        socket: incoming.socket,
        forward: () => forwardTo(local, request),
        reply: (answer) => {
          response.writeHead(answer.status, answer.headers);
          response.end(answer.body);
        },
      });
    })().catch(() => incoming.socket.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    local,
    seen,
    behave: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Starts a fault server for each test and closes it afterwards (timers and sockets included),
 * so a stalled behaviour never outlives its test.
 */
export function useFaultServer() {
  const servers: FaultServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (behaviour?: Behaviour, local?: LocalBackend) => {
    const server = await startFaultServer(behaviour, local);
    servers.push(server);
    return server;
  };
}

/** A client of the fault server: no backoff worth waiting for, real sockets. */
export function faultClient(server: { readonly url: string }, options: ClientOptions = {}) {
  return createClient({
    organizationId: ORG,
    token: TOKEN,
    baseUrl: server.url,
    retryDelayMs: 1,
    maxRetryDelayMs: 20,
    ...options,
  });
}

export const forwardAsIs: Behaviour = async ({ forward, reply }) => reply(await forward());

/** Writes a status line and headers, then the body a few bytes at a time, `everyMs` apart. */
export function dribble(
  response: ServerResponse,
  answer: BackendAnswer,
  options: { bytesPerTick: number; everyMs: number },
): Promise<void> {
  const bytes = Buffer.from(answer.body);
  response.writeHead(answer.status, {
    ...answer.headers,
    "content-length": String(bytes.byteLength),
  });
  response.flushHeaders();
  return new Promise((resolve) => {
    let offset = 0;
    const timer = setInterval(() => {
      if (response.destroyed) {
        clearInterval(timer);
        resolve();
        return;
      }
      response.write(bytes.subarray(offset, offset + options.bytesPerTick));
      offset += options.bytesPerTick;
      if (offset >= bytes.byteLength) {
        clearInterval(timer);
        response.end();
        resolve();
      }
    }, options.everyMs);
  });
}

async function forwardTo(local: LocalBackend, request: SeenRequest): Promise<BackendAnswer> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  const answer = await local.fetch(`http://127.0.0.1${request.path}`, {
    method: request.method,
    headers,
    ...(request.body === "" ? {} : { body: request.body }),
  });
  const answerHeaders: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    answerHeaders[name] = value;
  });
  return { status: answer.status, headers: answerHeaders, body: await answer.text() };
}

/** Every provider key the backend holds, read past the proxy, page by page. */
export async function storedKeys(local: LocalBackend): Promise<{ id: string; name: string }[]> {
  const keys: { id: string; name: string }[] = [];
  let startKey: string | null = null;
  do {
    const query: string = startKey === null ? "" : `&start_key=${encodeURIComponent(startKey)}`;
    const response = await local.fetch(
      `http://127.0.0.1/v1/organizations/${ORG}/provider-keys?limit=100${query}`,
      { headers: { authorization: `Bearer ${TOKEN}` } },
    );
    const page = (await response.json()) as {
      data: { id: string; name: string }[];
      has_more: boolean;
      last_key: string | null;
    };
    keys.push(...page.data);
    startKey = page.has_more ? page.last_key : null;
  } while (startKey !== null);
  return keys;
}

/** A synthetic OpenAI-shaped key, fresh per call. */
export function fakeOpenAiKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `sk-test-FAKE${Buffer.from(bytes).toString("hex")}`;
}
