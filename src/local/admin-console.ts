// Node-only: the static files of `byokit serve --ui`. Imported by serve.ts alone.
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { ConsoleSessions, sessionCookie } from "./console-session.js";

/** What `serve({ ui })` needs to serve the admin console next to the API. */
export interface AdminConsoleOptions {
  /** The built console: a folder holding `index.html` and its assets (`dist/ui` in the package). */
  readonly directory: string;
  /** The organization the page manages: its id in every API path. */
  readonly organizationId: string;
  /**
   * The backend's admin token. Never written into the page: the page's requests carry the
   * session cookie of the one-time login link, and `serve()` authenticates them with this.
   */
  readonly token: string;
}

/**
 * The placeholder content of the page's `<script id="byokit-config" type="application/json">`
 * (valid JSON, so the unserved page still parses), replaced by the settings at serve time.
 */
export const CONFIG_MARKER = '"__BYOKIT_CONFIG__"';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  map: "application/json; charset=utf-8",
  json: "application/json; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
};

/**
 * Asset names are flat and plain: no folder, no leading dot, so `..`, `%2e%2e`, `\` and
 * hidden files never match, whatever the URL parser did or did not normalise.
 */
const ASSET_PATH = /^\/ui\/([A-Za-z0-9_-][A-Za-z0-9_.-]{0,99})$/;

const COMMON_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
} as const;

const PAGE_HEADERS = {
  ...COMMON_HEADERS,
  // The page is the console: never cached, never framed, scripts only from here.
  "Cache-Control": "no-store",
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
} as const;

/**
 * A request handler for the console's login (`GET /login?code=…`), page (`GET /`) and assets
 * (`GET /ui/<file>`). Answers `true` when it wrote the response, `false` when the request is
 * not its own (the API's). `sessions` tells `serve()` which API requests a login opened.
 */
export interface AdminConsoleHandler {
  (incoming: IncomingMessage, outgoing: ServerResponse): Promise<boolean>;
  readonly sessions: ConsoleSessions;
}

/**
 * Serves the admin console. The page gets `{ organizationId, token }` written into its
 * `<script id="byokit-config" type="application/json">`; assets are read from `directory`
 * on each request (a rebuild shows without a restart).
 *
 * @example
 * const handler = adminConsoleHandler({ directory: "dist/ui", organizationId: "org_local", token });
 * createServer(async (req, res) => { if (!(await handler(req, res))) res.end(); });
 */
export function adminConsoleHandler(
  options: AdminConsoleOptions,
  { secure = false }: { readonly secure?: boolean } = {},
): AdminConsoleHandler {
  // The page carries no credential: its requests authenticate with the login's cookie.
  const config = scriptSafeJson({ organizationId: options.organizationId });
  const sessions = new ConsoleSessions();
  const handler = async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const method = incoming.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") return false;
    const pathname = (incoming.url ?? "/").split("?")[0] ?? "/";
    if (pathname === "/login") {
      const code = new URL(incoming.url ?? "/", "http://localhost").searchParams.get("code");
      const session = isLoopbackHostHeader(incoming.headers.host)
        ? sessions.logIn(code)
        : undefined;
      if (session === undefined) {
        sendText(
          outgoing,
          method,
          403,
          "This login link is not valid or was already used. Restart `byokit serve --ui` for a new one.\n",
        );
        return true;
      }
      outgoing.writeHead(303, {
        ...COMMON_HEADERS,
        "Cache-Control": "no-store",
        "Set-Cookie": sessionCookie(session, secure),
        Location: "/",
        "Content-Length": "0",
      });
      outgoing.end();
      return true;
    }
    if (pathname === "/" || pathname === "/index.html") {
      if (!isLoopbackHostHeader(incoming.headers.host)) {
        // A page reached through another host name could be a DNS-rebinding attack reading
        // the token: the console answers only to loopback names.
        sendText(
          outgoing,
          method,
          421,
          "The admin console answers only on localhost or 127.0.0.1.\n",
        );
        return true;
      }
      const page = await readAsset(options.directory, "index.html");
      if (page === undefined) {
        sendText(
          outgoing,
          method,
          500,
          "The admin console is not built (index.html is missing).\n",
        );
        return true;
      }
      const html = page.toString("utf8").replace(CONFIG_MARKER, () => config);
      send(outgoing, method, 200, { ...PAGE_HEADERS, "Content-Type": CONTENT_TYPES.html! }, html);
      return true;
    }
    if (!pathname.startsWith("/ui/")) return false;
    const name = ASSET_PATH.exec(pathname)?.[1];
    const body = name === undefined ? undefined : await readAsset(options.directory, name);
    if (name === undefined || body === undefined) {
      sendText(outgoing, method, 404, "Not found.\n");
      return true;
    }
    const type = CONTENT_TYPES[name.split(".").pop() ?? ""] ?? "application/octet-stream";
    send(
      outgoing,
      method,
      200,
      { ...COMMON_HEADERS, "Content-Type": type, "Cache-Control": "no-cache" },
      body,
    );
    return true;
  };
  return Object.assign(handler, { sessions });
}

/**
 * Whether a `Host` header names this machine's loopback interface: `localhost`, `127.x.x.x`
 * or `[::1]`, with any port.
 *
 * @example
 * isLoopbackHostHeader("127.0.0.1:8787"); // true
 * isLoopbackHostHeader("attacker.example:8787"); // false
 */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host
    .toLowerCase()
    .replace(/:\d{1,5}$/, "")
    .replace(/\.$/, "");
  return name === "localhost" || name === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(name);
}

async function readAsset(directory: string, name: string): Promise<Buffer | undefined> {
  try {
    return await readFile(join(directory, name));
  } catch {
    return undefined;
  }
}

/** JSON that cannot end the `<script>` element it is written into. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function send(
  outgoing: ServerResponse,
  method: string,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  outgoing.writeHead(status, { ...headers, "Content-Length": String(bytes.byteLength) });
  outgoing.end(method === "HEAD" ? undefined : bytes);
}

function sendText(outgoing: ServerResponse, method: string, status: number, text: string): void {
  send(
    outgoing,
    method,
    status,
    { ...COMMON_HEADERS, "Content-Type": "text/plain; charset=utf-8" },
    text,
  );
}
