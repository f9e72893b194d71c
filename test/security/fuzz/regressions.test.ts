/** Server crashes the fuzzers found, pinned as plain examples: each failed before its fix. */
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Server, serve } from "../../../src/local/serve.js";
import { ORG, seededBackend, snapshotOf, TOKEN } from "./server-harness.js";

let server: Server;
let snapshot: () => Promise<string>;

beforeAll(async () => {
  const { local, store } = await seededBackend();
  snapshot = () => snapshotOf(store);
  server = await serve(local, { port: 0 });
});
afterAll(() => server.close());

function send(method: string, body?: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: "127.0.0.1",
        port: server.port,
        method,
        path: `/v1/organizations/${ORG}/provider-keys`,
        headers: {
          Authorization: `Bearer ${TOKEN}`,
          "Content-Type": "application/json",
          "Content-Length": String(Buffer.byteLength(body ?? "")),
        },
      },
      (incoming) => {
        let text = "";
        incoming.on("data", (chunk) => {
          text += chunk;
        });
        incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, text }));
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

describe("serve()", () => {
  it("answers a GET that carries a body as a GET (it was a 500)", async () => {
    const answer = await send("GET", '{"provider":"openai"}');
    expect(answer.status, answer.text).toBe(200);
    // Edgee's provider-key list: a raw array.
    expect(Array.isArray(JSON.parse(answer.text))).toBe(true);
  });

  it("answers a method fetch cannot carry with a typed 405 (it was a 500)", async () => {
    const before = await snapshot();
    const answer = await send("TRACE");
    expect(answer.status).toBe(405);
    expect(JSON.parse(answer.text).error.type).toBe("invalid_request_error");
    expect(await snapshot()).toBe(before);
  });
});

describe("serve() given what Node's HTTP parser refuses", () => {
  function raw(text: string): Promise<string> {
    return new Promise((resolve) => {
      const socket = connect(server.port, "127.0.0.1", () => socket.write(text));
      let received = "";
      socket.on("data", (chunk) => {
        received += chunk.toString("latin1");
      });
      socket.on("close", () => resolve(received));
      socket.on("error", () => resolve(received));
    });
  }

  /** Status and JSON body of a raw HTTP/1.1 answer. */
  function parsed(reply: string): { status: number; body: { error: { type: string } } } {
    const [head = "", body = ""] = reply.split("\r\n\r\n");
    return { status: Number(head.split(" ")[1]), body: JSON.parse(body) };
  }

  it("answers headers past Node's limit with a typed 431 (Node sent a bare one)", async () => {
    const reply = await raw(`GET /${"a".repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expect(parsed(reply).status).toBe(431);
    expect(parsed(reply).body.error.type).toBe("invalid_request_error");
    expect(reply).toMatch(/\r\nX-Request-Id: req_/);
  });

  it("answers a request that is not HTTP with a typed 400 (Node sent a bare one)", async () => {
    const reply = await raw("NOT HTTP AT ALL\r\n\r\n");
    expect(parsed(reply).status).toBe(400);
    expect(parsed(reply).body.error.type).toBe("invalid_request_error");
  });
});

describe("serve() refusing an unparsable HEAD", () => {
  it("sends no body, so the client's parser is not confused", async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(server.port, "127.0.0.1", () =>
        socket.write(`HEAD /${"a".repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`),
      );
      let received = "";
      socket.on("data", (chunk) => {
        received += chunk.toString("latin1");
      });
      socket.on("close", () => resolve(received));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 431 /);
    expect(reply).toMatch(/\r\nContent-Length: 0\r\n/);
    expect(reply.endsWith("\r\n\r\n")).toBe(true);
  });
});
