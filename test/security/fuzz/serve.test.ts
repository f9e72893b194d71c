import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Server, serve } from "../../../src/local/serve.js";
import type { Store } from "../../../src/local/store.js";
import type { LocalBackend } from "../../../src/local/types.js";
import { allowLongRuns, assertOptions } from "../leaks/runs.js";
import { HUGE } from "./hostile.js";
import {
  expectTypedAnswer,
  FETCH_METHODS,
  type FuzzRequest,
  isWrite,
  ORG,
  requestArbitrary,
  seededBackend,
  snapshotOf,
  TOKEN,
} from "./server-harness.js";

allowLongRuns();

let server: Server;
let local: LocalBackend;
let store: Store;
let ids: string[] = [];

beforeAll(async () => {
  ({ local, store, ids } = await seededBackend());
  server = await serve(local, { port: 0 });
});
afterAll(() => server.close());

/** One raw HTTP exchange with node:http: any method, any bytes, GET bodies included. */
function send(request: FuzzRequest): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const outgoing = httpRequest(
      {
        host: "127.0.0.1",
        port: server.port,
        method: request.method,
        path: request.path,
        headers: {
          ...request.headers,
          ...(body ? { "Content-Length": String(body.byteLength) } : {}),
          Connection: "close",
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (typeof value === "string") headers.set(name, value);
          }
          resolve({
            status: incoming.statusCode ?? 0,
            headers,
            text: Buffer.concat(chunks).toString("utf8"),
          });
        });
        incoming.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/** Methods HTTP carries that `fetch` refuses to build a Request for, or that name no route. */
const HTTP_ONLY_METHODS = ["TRACE", "PROPFIND", "PURGE", "LINK", "MKCOL", "SEARCH"];

async function isUp(): Promise<boolean> {
  const answer = await send({
    method: "GET",
    path: `/v1/organizations/${ORG}/provider-keys`,
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  return answer.status === 200;
}

describe("serve() given hostile HTTP requests", () => {
  it("answers a typed 4xx or a 2xx, never a 5xx; a refused write changes nothing stored", async () => {
    let before = await snapshotOf(store);
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        requestArbitrary(ids, [...FETCH_METHODS, ...HTTP_ONLY_METHODS]),
        fc.option(fc.constantFrom(...["GET", "HEAD"]), { nil: undefined }),
        async (request, bodyOnBodylessMethod) => {
          // Over HTTP a GET or HEAD can carry a body, which `fetch` could not send.
          const sent: FuzzRequest =
            bodyOnBodylessMethod && request.body !== undefined
              ? { ...request, method: bodyOnBodylessMethod }
              : request;
          const answer = await send(sent);
          expectTypedAnswer(sent, answer.status, answer.headers, answer.text);
          statuses.add(answer.status);
          const after = await snapshotOf(store);
          if (!isWrite(sent.method) || answer.status >= 300) {
            expect(after, `${sent.method} ${sent.path} changed the store`).toBe(before);
          }
          before = after;
        },
      ),
      assertOptions(120),
    );
    expect([...statuses].some((status) => status < 300)).toBe(true);
    expect([...statuses].filter((status) => status >= 400).length).toBeGreaterThanOrEqual(4);
  });

  it("refuses a body over 64 KiB with a 413 and stays up", async () => {
    const before = await snapshotOf(store);
    const big = `{"provider":"openai","name":"big","provider_key":"${"k".repeat(HUGE)}"}`;
    const answer = await send({
      method: "POST",
      path: `/v1/organizations/${ORG}/provider-keys`,
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      body: big,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).error.type).toBe("invalid_request_error");
    expect(await snapshotOf(store)).toBe(before);
    expect(await isUp()).toBe(true);
  });

  it("survives bodies cut short of their Content-Length, and stores nothing from them", async () => {
    const before = await snapshotOf(store);
    const body = '{"provider":"openai","name":"cut","provider_key":"sk-FAKE-truncated-0000000"}';
    await fc.assert(
      fc.asyncProperty(fc.nat(body.length - 1), fc.boolean(), async (cut, halfClose) => {
        const reply = await new Promise<string>((resolve) => {
          const socket = connect(server.port, "127.0.0.1", () => {
            socket.write(
              `POST /v1/organizations/${ORG}/provider-keys HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
                `Authorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\n` +
                `Content-Length: ${body.length}\r\n\r\n${body.slice(0, cut)}`,
            );
            // Either the client half-closes, or it goes silent and then drops the connection.
            if (halfClose) socket.end();
            else setTimeout(() => socket.destroy(), 20);
          });
          let received = "";
          socket.on("data", (chunk) => {
            received += chunk.toString("latin1");
          });
          socket.on("close", () => resolve(received));
          socket.on("error", () => resolve(received));
        });
        // No answer at all, or a 4xx: never a 5xx, never a 2xx for half a body.
        if (reply !== "") expect(reply).toMatch(/^HTTP\/1\.1 4\d\d /);
        expect(await snapshotOf(store)).toBe(before);
      }),
      assertOptions(20),
    );
    expect(await isUp()).toBe(true);
  });

  it("refuses a declared Content-Length over 64 KiB whose body never comes (4xx or closed), and stays up", async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(server.port, "127.0.0.1", () => {
        socket.write(
          `POST /v1/organizations/${ORG}/provider-keys HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
            `Authorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\n` +
            "Content-Length: 99999999\r\nConnection: close\r\n\r\n{}",
        );
        setTimeout(() => socket.end(), 50);
      });
      let received = "";
      socket.on("data", (chunk) => {
        received += chunk.toString("latin1");
      });
      socket.on("close", () => resolve(received));
      socket.on("error", () => resolve(received));
    });
    expect(reply === "" || /^HTTP\/1\.1 4\d\d /.test(reply), reply).toBe(true);
    expect(await isUp()).toBe(true);
  });
});
