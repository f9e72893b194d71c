// Node-only: imported by nothing browser code reaches (see src/local/index.ts).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { ValidationError } from "../errors/validation-error.js";
import {
  type AdminConsoleOptions,
  adminConsoleHandler,
  isLoopbackHostHeader,
} from "./admin-console.js";
import { type CorsOption, corsHeaders, corsPolicy, preflightHeaders } from "./http/cors.js";
import { allowedMethodsAt } from "./http/match-route.js";
import { MAX_BODY_BYTES } from "./http/read-body.js";
import { errorResponse } from "./http/responses.js";
import { ListenError } from "./listen-error.js";
import { randomId } from "./random-id.js";
import type { LocalBackend } from "./types.js";

/** After this much of an oversized body has been read and discarded, the connection is cut. */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

export interface ServeOptions {
  /** Default 0: a free port, read it back from `port`. */
  readonly port?: number;
  /** Default `127.0.0.1`. A non-loopback host needs a backend with a token. */
  readonly host?: string;
  /** Browser origins allowed to call: `true` for any, or a list such as `["http://localhost:5173"]`. */
  readonly cors?: CorsOption;
  /**
   * Also serve the admin console (`byokit serve --ui`) at `/`, its assets under `/ui/`, and its
   * one-time login link (`Server.loginUrl`). Needs a loopback host.
   */
  readonly ui?: AdminConsoleOptions;
}

export interface Server {
  /** `http://127.0.0.1:PORT`, no trailing slash: a client's `baseUrl`. */
  readonly url: string;
  /**
   * With `ui`: the console's one-time login link (`http://127.0.0.1:PORT/login?code=…`). Its
   * first visit sets an `HttpOnly`, `SameSite=Strict` session cookie and spends it.
   */
  readonly loginUrl?: string;
  readonly port: number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Serves a local backend over HTTP on `node:http`: each request becomes a `Request` for
 * `backend.fetch` and its `Response` is written back. Bodies above 64 KiB are refused with a
 * 413 without being held in memory. With `cors`, preflights are answered and responses expose
 * `ETag`, `X-Request-Id` and `Retry-After`. Node only.
 *
 * @example
 * const server = await serve(createLocalBackend({ token: "dev-token" }), { port: 0 });
 * const client = createClient({ baseUrl: server.url, organizationId: "org_1", token: "dev-token" });
 * await server.close();
 */
export async function serve(
  backend: Pick<LocalBackend, "fetch"> & Partial<Pick<LocalBackend, "requiresToken">>,
  options: ServeOptions = {},
): Promise<Server> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ValidationError([{ path: "port", message: "must be an integer from 0 to 65535" }]);
  }
  if (!isLoopback(host) && backend.requiresToken !== true) {
    throw new ValidationError([
      {
        path: "host",
        message:
          "must be a loopback address (127.0.0.1, ::1, localhost) for a backend without a token: anyone who can reach it could read and change keys; give createLocalBackend a token",
      },
    ]);
  }
  if (options.ui !== undefined && !isLoopback(host)) {
    throw new ValidationError([
      {
        path: "ui",
        message:
          "needs a loopback host (127.0.0.1, ::1, localhost): the console's login link and session stand for the admin token",
      },
    ]);
  }
  const cors = corsPolicy(options.cors);
  const adminConsole = options.ui === undefined ? undefined : adminConsoleHandler(options.ui);
  /** The admin token for a request of a logged-in console page (its session cookie). */
  const sessionTokenFor = (incoming: IncomingMessage): string | undefined =>
    adminConsole?.sessions.isLoggedIn(incoming) ? options.ui!.token : undefined;
  // Sockets with a response under way: a parse error there must not get a second answer.
  const answering = new WeakSet<Duplex>();
  const server = createServer((incoming, outgoing) => {
    answering.add(incoming.socket);
    outgoing.once("close", () => answering.delete(incoming.socket));
    const answered = adminConsole ? adminConsole(incoming, outgoing) : Promise.resolve(false);
    answered
      .then((done) =>
        done ? undefined : handle(backend, cors, incoming, outgoing, sessionTokenFor(incoming)),
      )
      .catch(() => {
        if (!outgoing.headersSent) {
          outgoing.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
        }
        outgoing.end();
      });
  });
  server.on("clientError", (error: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex) =>
    answerUnparsable(error, socket, answering.has(socket)),
  );
  // `[::1]` is how IPv6 hosts are written in URLs; listen() wants the bare address.
  const listenHost = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  const listenAddress = `${listenHost.includes(":") ? `[${listenHost}]` : listenHost}:${port}`;
  await new Promise<void>((resolve, reject) => {
    // A busy port or a foreign address: a typed error naming the address and the cause.
    const fail = (error: unknown) => reject(new ListenError(listenAddress, error));
    server.once("error", fail);
    server.listen(port, listenHost, () => {
      server.off("error", fail);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const urlHost =
    host === "0.0.0.0" || host === "::"
      ? "127.0.0.1"
      : listenHost.includes(":")
        ? `[${listenHost}]`
        : listenHost;
  const url = `http://${urlHost}:${actualPort}`;
  return {
    url,
    ...(adminConsole ? { loginUrl: `${url}${adminConsole.sessions.loginPath}` } : {}),
    port: actualPort,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  backend: Pick<LocalBackend, "fetch"> & Partial<Pick<LocalBackend, "requiresToken">>,
  cors: ReturnType<typeof corsPolicy>,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  sessionToken?: string,
): Promise<void> {
  if (sessionToken !== undefined && !isSameOriginRequest(incoming)) {
    // A cookie is sent by the browser, not chosen by the page: a request it authenticates
    // must come from the console itself, never from another site.
    await write(
      outgoing,
      errorResponse(randomId("req_"), 403, "forbidden_error", "cross-site request refused"),
      {},
    );
    incoming.resume();
    return;
  }
  if (backend.requiresToken !== true && !isLoopbackHostHeader(incoming.headers.host)) {
    // Without a token, only this machine may call: a page on another host name that was
    // re-pointed at 127.0.0.1 (DNS rebinding) must not edit keys.
    await write(
      outgoing,
      errorResponse(
        randomId("req_"),
        403,
        "forbidden_error",
        "without a token this server answers only to localhost",
      ),
      {},
    );
    incoming.resume();
    return;
  }
  const origin = incoming.headers.origin;
  if (
    backend.requiresToken !== true &&
    origin !== undefined &&
    !isOwnOrigin(origin, incoming) &&
    !cors?.allows(origin)
  ) {
    // A page on another site may send "simple" requests (a form POST) without a preflight,
    // and without a token nothing else stops them: refuse them before any handler runs.
    // (With a token, a foreign page cannot authenticate; CORS keeps answers from it.)
    await write(
      outgoing,
      errorResponse(randomId("req_"), 403, "forbidden_error", "this origin is not allowed"),
      {},
    );
    incoming.resume();
    return;
  }
  const allowedOrigin = cors && origin && cors.allows(origin) ? origin : undefined;
  const extraHeaders = allowedOrigin ? corsHeaders(allowedOrigin) : {};

  if (
    incoming.method === "OPTIONS" &&
    origin &&
    incoming.headers["access-control-request-method"]
  ) {
    if (allowedOrigin) {
      outgoing.writeHead(204, preflightHeaders(allowedOrigin));
      outgoing.end();
    } else {
      await write(
        outgoing,
        errorResponse(randomId("req_"), 403, "forbidden_error", "this origin is not allowed"),
        {},
      );
    }
    incoming.resume();
    return;
  }

  const body = await readLimited(incoming);
  if (body === "too_large") {
    const response = errorResponse(
      randomId("req_"),
      413,
      "invalid_request_error",
      `the request body is larger than ${MAX_BODY_BYTES} bytes`,
    );
    await write(outgoing, response, { ...extraHeaders, Connection: "close" });
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  // The console page sends no token: its session stands for the admin token.
  if (sessionToken !== undefined) headers.set("authorization", `Bearer ${sessionToken}`);
  const method = incoming.method ?? "GET";
  // A GET or HEAD body means nothing in HTTP, and a Request cannot carry one: it is dropped.
  const bodyless = method === "GET" || method === "HEAD";
  let request: Request;
  try {
    request = new Request(new URL(incoming.url ?? "/", "http://127.0.0.1"), {
      method,
      headers,
      ...(body && body.byteLength > 0 && !bodyless ? { body } : {}),
    });
  } catch {
    // Methods fetch refuses to carry (TRACE, TRACK, CONNECT): no route answers them. A 405
    // must say in `Allow` what the resource does answer (RFC 9110 §15.5.6).
    const allowed = allowedMethodsAt(pathnameOf(incoming.url));
    const response = allowed
      ? errorResponse(
          randomId("req_"),
          405,
          "invalid_request_error",
          "this method is not allowed",
          {
            headers: { Allow: allowed.join(", ") },
          },
        )
      : errorResponse(randomId("req_"), 404, "not_found_error", "no such route");
    await write(outgoing, response, extraHeaders);
    return;
  }
  await write(outgoing, await backend.fetch(request), extraHeaders);
}

/**
 * The body, or `"too_large"` past 64 KiB. An oversized body is read to its end and dropped
 * (so the client sees the 413 rather than a reset), up to a hard cap that cuts the connection.
 */
async function readLimited(
  incoming: IncomingMessage,
): Promise<Uint8Array<ArrayBuffer> | "too_large"> {
  const chunks: Buffer[] = [];
  let total = 0;
  let tooLarge = Number(incoming.headers["content-length"]) > MAX_BODY_BYTES;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > MAX_BODY_BYTES) tooLarge = true;
    if (tooLarge) {
      chunks.length = 0;
      if (total > MAX_DRAIN_BYTES) {
        incoming.socket.destroy();
        return "too_large";
      }
      continue;
    }
    chunks.push(chunk);
  }
  return tooLarge ? "too_large" : new Uint8Array(Buffer.concat(chunks));
}

async function write(
  outgoing: ServerResponse,
  response: Response,
  extraHeaders: Record<string, string>,
): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  outgoing.writeHead(response.status, { ...headers, ...extraHeaders });
  outgoing.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * What Node's HTTP parser refuses (a malformed request line, headers past its 16 KiB limit)
 * never reaches `handle`: answer it in Edgee's error envelope too, instead of Node's bare
 * 400/431, then close the connection (the stream cannot be trusted after a parse error).
 */
function answerUnparsable(
  error: Error & { code?: string; rawPacket?: Buffer },
  socket: Duplex,
  answering: boolean,
): void {
  if (answering || error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? 431 : 400;
  const reason = tooLarge ? "Request Header Fields Too Large" : "Bad Request";
  const body = JSON.stringify({
    error: {
      type: "invalid_request_error",
      message: tooLarge
        ? "the request line and headers are larger than the server accepts"
        : "the request is not valid HTTP/1.1",
    },
  });
  // An answer to HEAD has no body; when the request line is unknown, send none either.
  const withBody =
    error.rawPacket !== undefined && !/^HEAD /.test(error.rawPacket.toString("latin1", 0, 5));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${withBody ? Buffer.byteLength(body) : 0}\r\nCache-Control: no-store\r\n` +
      `X-Request-Id: ${randomId("req_")}\r\nConnection: close\r\n\r\n${withBody ? body : ""}`,
  );
}

function isLoopback(host: string): boolean {
  return (
    host === "localhost" || host === "::1" || host === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(host)
  );
}

/** The path of a request target, or `""` when it is no URL at all (then no route matches). */
function pathnameOf(target: string | undefined): string {
  try {
    return new URL(target ?? "/", "http://127.0.0.1").pathname;
  } catch {
    return "";
  }
}

/** Whether `Origin` is this server itself, as the request addressed it (`http://<Host>`). */
function isOwnOrigin(origin: string, incoming: IncomingMessage): boolean {
  const host = incoming.headers.host;
  return host !== undefined && origin.toLowerCase() === `http://${host}`.toLowerCase();
}

/**
 * Whether a cookie-authenticated request comes from this server's own pages: `Origin`, when
 * sent, is this server, and `Sec-Fetch-Site`, when sent, is `same-origin` (or `none`: typed
 * into the address bar).
 */
function isSameOriginRequest(incoming: IncomingMessage): boolean {
  const origin = incoming.headers.origin;
  const site = incoming.headers["sec-fetch-site"];
  return (
    (origin === undefined || isOwnOrigin(origin, incoming)) &&
    (site === undefined || site === "same-origin" || site === "none")
  );
}
