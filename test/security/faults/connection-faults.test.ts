/**
 * Connections that break: reset before or during the request, reset half-way through the
 * answer, an answer that ends early, JSON cut short, bytes that are not HTTP, a proxy's HTML
 * error page. Every case ends in one typed error (never a hang, never a raw TypeError or
 * SyntaxError), after a bounded number of attempts, and no error quotes the body or a secret.
 */
import { createServer, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, ConnectionError, InternalServerError } from "../../../src/errors/index.js";
import {
  type BackendAnswer,
  fakeOpenAiKey,
  faultClient,
  forwardAsIs,
  ORG,
  storedKeys,
  useFaultServer,
} from "./fault-server.js";

const start = useFaultServer();
const LIST_PATH = `/v1/organizations/${ORG}/provider-keys`;

/** A bare TCP server: `onData` sees each connection's first bytes and decides what to do. */
const rawServers: { close(): void }[] = [];
afterEach(() => {
  for (const server of rawServers.splice(0)) server.close();
});
async function startRawServer(onData: (socket: Socket, bytes: Buffer) => void) {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    socket.once("data", (bytes) => onData(socket, bytes));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  rawServers.push({
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  });
  return { url: `http://127.0.0.1:${port}`, connections: () => connections };
}

function rawClient(url: string, maxRetries: number) {
  return faultClient({ url }, { maxRetries });
}

describe("a reset before any answer", () => {
  it("is retried, and the next attempt's answer returned", async () => {
    const server = await start(async (exchange) => {
      if (exchange.attempt === 1) exchange.socket.resetAndDestroy();
      else await forwardAsIs(exchange);
    });
    const page = await faultClient(server).providerKeys.list();
    expect(page.data).toEqual([]);
    expect(server.seen.map((request) => request.path)).toEqual([LIST_PATH, LIST_PATH]);
  });

  it("while the request is still being sent ends in a ConnectionError after maxRetries + 1 attempts", async () => {
    const raw = await startRawServer((socket) => socket.resetAndDestroy());
    const error = await rawClient(raw.url, 2)
      .providerKeys.create({
        provider: "openai",
        name: "Upload cut",
        provider_key: fakeOpenAiKey(),
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe(`POST ${LIST_PATH} → network error or blocked by CORS`);
    expect(raw.connections()).toBe(3);
  });
});

describe("an answer that breaks after its headers", () => {
  /** Sends the real answer's headers and the first half of its body, then `end`s the socket. */
  function halfThen(end: (socket: Socket) => void) {
    return async ({ forward, response, socket }: Parameters<typeof forwardAsIs>[0]) => {
      const answer = await forward();
      const body = Buffer.from(answer.body);
      response.writeHead(answer.status, {
        ...answer.headers,
        "content-length": String(body.byteLength),
      });
      response.write(body.subarray(0, Math.floor(body.byteLength / 2)));
      setTimeout(() => end(socket), 20);
    };
  }

  it.each([
    ["reset", (socket: Socket) => socket.resetAndDestroy()],
    ["closed early", (socket: Socket) => socket.end()],
  ])("is a ConnectionError when the connection is %s mid-body", async (_, end) => {
    const seed = await start();
    const secret = fakeOpenAiKey();
    await faultClient(seed).providerKeys.create({
      provider: "openai",
      name: "Listed",
      provider_key: secret,
    });
    seed.behave(halfThen(end));
    seed.seen.length = 0;

    const error = await faultClient(seed, { maxRetries: 3 })
      .providerKeys.list()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    // ky retries until the headers arrive; a body cut after them is reported, not retried.
    expect(seed.seen).toHaveLength(1);
    expect(JSON.stringify(error)).not.toContain("Listed");
    expect(String((error as Error).stack)).not.toContain(secret.slice(-12));
  });
});

describe("an answer that is not what it claims", () => {
  const truncated = (answer: BackendAnswer): BackendAnswer => {
    const body = answer.body.slice(0, Math.floor(answer.body.length * 0.6));
    return {
      ...answer,
      headers: { ...answer.headers, "content-length": String(Buffer.byteLength(body)) },
      body,
    };
  };

  it("is an ApiError of type unexpected_response when the JSON is cut short, quoting none of it", async () => {
    const server = await start();
    const client = faultClient(server, { maxRetries: 3 });
    const created = await client.providerKeys.create({
      provider: "openai",
      name: "Truncated on read",
      provider_key: fakeOpenAiKey(),
    });
    server.behave(async ({ forward, reply }) => reply(truncated(await forward())));
    server.seen.length = 0;

    const error = await client.providerKeys.get(created.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, type: "unexpected_response" });
    expect((error as ApiError).requestId).toMatch(/^req_/);
    // The id is shortened in the message (an id could be a pasted secret): its prefix only.
    expect((error as Error).message).toBe(
      `GET ${LIST_PATH}/${created.id.slice(0, 5)}… → 200 unexpected_response: the body is not JSON`,
    );
    // A 200 whose body is broken is not a transient failure: not retried.
    expect(server.seen).toHaveLength(1);
  });

  it("is a ConnectionError, retried, when the bytes are not HTTP at all", async () => {
    const raw = await startRawServer((socket) => {
      socket.end("SSH-2.0-OpenSSH_9.6\r\n\r\nnot http at all\r\n");
    });
    await expect(rawClient(raw.url, 2).providerKeys.list()).rejects.toBeInstanceOf(ConnectionError);
    expect(raw.connections()).toBe(3);
  });

  it("is an InternalServerError naming only the status when a proxy answers a 502 HTML page", async () => {
    const page =
      "<html><body><h1>502 Bad Gateway</h1><p>upstream sk-test-FAKEproxyleak</p></body></html>";
    const server = await start(({ reply }) =>
      reply({ status: 502, headers: { "content-type": "text/html" }, body: page }),
    );
    const error = await faultClient(server, { maxRetries: 1 })
      .providerKeys.list()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 502, type: "api_error" });
    expect((error as Error).message).toBe(`GET ${LIST_PATH} → 502 api_error`);
    expect(server.seen).toHaveLength(2);
  });

  it("stores nothing twice when a create's answer is cut and the caller retries with its key", async () => {
    const server = await start(async ({ forward, reply }) => reply(truncated(await forward())));
    const client = faultClient(server);
    const input = {
      provider: "openai" as const,
      name: "Cut answer",
      provider_key: fakeOpenAiKey(),
    };

    await expect(
      client.providerKeys.create(input, { idempotencyKey: "create-cut-1" }),
    ).rejects.toMatchObject({ type: "unexpected_response" });
    server.behave(forwardAsIs);
    const record = await client.providerKeys.create(input, { idempotencyKey: "create-cut-1" });

    const stored = await storedKeys(server.local);
    expect(stored.map((key) => key.id)).toEqual([record.id]);
    expect(server.seen.map((request) => request.headers["idempotency-key"])).toEqual([
      "create-cut-1",
      "create-cut-1",
    ]);
  });
});
