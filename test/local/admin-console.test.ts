import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { ValidationError } from "../../src/errors/validation-error.js";
import { CONFIG_MARKER, isLoopbackHostHeader } from "../../src/local/admin-console.js";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { type Server, serve } from "../../src/local/serve.js";
import { fakeIo } from "../cli/cli-io.js";
import { fakeApiKey, ORG, TOKEN } from "./helpers.js";

const PAGE = `<!doctype html><html><head><script id="byokit-config" type="application/json">${CONFIG_MARKER}</script></head><body></body></html>`;

let root: string;
let directory: string;
let server: Server | undefined;

beforeAll(async () => {
  // The console lives in root/ui; root/secret.txt is what a path traversal would reach.
  root = await mkdtemp(join(tmpdir(), "byokit-console-"));
  directory = join(root, "ui");
  await mkdir(directory);
  await writeFile(join(root, "secret.txt"), "TOP SECRET");
  await writeFile(join(directory, "index.html"), PAGE);
  await writeFile(join(directory, "main.js"), "console.log('console');");
  await writeFile(join(directory, "styles.css"), "body{margin:0}");
  await writeFile(join(directory, ".env"), "HIDDEN=1");
});
afterAll(() => rm(root, { recursive: true, force: true }));
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function start(token = TOKEN) {
  return serve(createLocalBackend({ token }), {
    port: 0,
    ui: { directory, organizationId: ORG, token },
  });
}

/** A raw HTTP GET: the path is sent exactly as written (fetch would normalise `..`). */
function rawGet(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, path, headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          type: String(response.headers["content-type"]),
          body,
        }),
      );
    });
    request.on("error", reject);
    request.end();
  });
}

function configOf(html: string): unknown {
  const json = /<script id="byokit-config" type="application\/json">(.*?)<\/script>/s.exec(html);
  return JSON.parse(json?.[1] ?? "null");
}

describe("serve({ ui })", () => {
  it("serves the page at / with the organization and no credential, uncached and unframeable", async () => {
    server = await start();
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await response.text();
    expect(configOf(html)).toEqual({ organizationId: ORG });
    expect(html).not.toContain(TOKEN);
    expect(html).not.toContain(new URL(server.loginUrl!).searchParams.get("code"));
  });

  it("logs in once through the link: an HttpOnly, SameSite=Strict cookie, then the link is spent", async () => {
    server = await start();
    expect(server.loginUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/login\?code=[A-Za-z0-9_-]{43}$/);
    const api = `${server.url}/v1/organizations/${ORG}/provider-keys`;
    expect((await fetch(api)).status).toBe(401);
    const wrong = await fetch(`${server.url}/login?code=${"A".repeat(43)}`, { redirect: "manual" });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const login = await fetch(server.loginUrl!, { redirect: "manual" });
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe("/");
    const cookie = login.headers.get("set-cookie")!;
    expect(cookie).toMatch(
      /^byokit_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/$/,
    );
    const again = await fetch(server.loginUrl!, { redirect: "manual" });
    expect(again.status).toBe(403);
    expect(again.headers.get("set-cookie")).toBeNull();

    const session = cookie.split(";")[0]!;
    const listed = await fetch(api, { headers: { Cookie: session } });
    expect(listed.status).toBe(200);
    const sameOrigin = await fetch(api, {
      method: "POST",
      headers: { Cookie: session, Origin: server.url, "Content-Type": "application/json" },
      body: JSON.stringify({ provider: "openai", name: "k", provider_key: fakeApiKey() }),
    });
    expect(sameOrigin.status).toBe(201);
    // The cookie never authenticates a request from another site.
    for (const headers of [
      { Origin: "http://attacker.example" },
      { "Sec-Fetch-Site": "cross-site" },
      { "Sec-Fetch-Site": "same-site" },
    ]) {
      const forged = await fetch(api, {
        method: "POST",
        headers: { Cookie: session, "Content-Type": "text/plain", ...headers },
        body: JSON.stringify({ provider: "openai", name: "x", provider_key: fakeApiKey() }),
      });
      expect(forged.status, JSON.stringify(headers)).toBe(403);
    }
    expect((await fetch(api, { headers: { Cookie: "byokit_session=forged" } })).status).toBe(401);
    // Bearer-token clients keep working.
    const bearer = await fetch(api, { headers: { Authorization: `Bearer ${TOKEN}` } });
    // The provider-key list is Edgee's raw array.
    expect((await bearer.json()) as unknown[]).toHaveLength(1);
  });

  it("refuses the login link on a host name that is not loopback", async () => {
    server = await start();
    const path = new URL(server.loginUrl!).pathname + new URL(server.loginUrl!).search;
    expect(
      (await rawGet(server.port, path, { Host: `attacker.example:${server.port}` })).status,
    ).toBe(403);
    // Still unspent: the real link works.
    expect((await fetch(server.loginUrl!, { redirect: "manual" })).status).toBe(303);
  });

  it("serves the assets under /ui/ with their content types", async () => {
    server = await start();
    const script = await fetch(`${server.url}/ui/main.js`);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await script.text()).toBe("console.log('console');");
    const styles = await fetch(`${server.url}/ui/styles.css`);
    expect(styles.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await styles.text()).toBe("body{margin:0}");
  });

  it.each([
    "/ui/../secret.txt",
    "/ui/..%2fsecret.txt",
    "/ui/%2e%2e/secret.txt",
    "/ui/..",
    "/ui/..\\secret.txt",
    "/ui/.env",
    "/ui/sub/main.js",
    "/ui/",
    "/ui/missing.js",
  ])("refuses %s with a 404 that shows no file", async (path) => {
    server = await start();
    const response = await rawGet(server.port, path);
    expect(response.status).toBe(404);
    expect(response.body).toBe("Not found.\n");
  });

  it("refuses the page for a host name that is not loopback (DNS rebinding)", async () => {
    server = await start();
    const rebound = await rawGet(server.port, "/", { Host: `attacker.example:${server.port}` });
    expect(rebound.status).toBe(421);
    expect(rebound.body).not.toContain(TOKEN);
    const local = await rawGet(server.port, "/", { Host: `localhost:${server.port}` });
    expect(local.status).toBe(200);
    expect(local.body).toContain(ORG);
  });

  it("leaves every other request to the API", async () => {
    server = await start();
    const list = await fetch(`${server.url}/v1/organizations/${ORG}/provider-keys`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(list.status).toBe(200);
    expect(Array.isArray(await list.json())).toBe(true);
    const post = await fetch(`${server.url}/`, { method: "POST" });
    expect(post.headers.get("content-type")).toContain("application/json");
    expect((await post.json()).error.type).toBe("authentication_error");
  });

  it("refuses a console on a host that is not loopback: the page carries the token", async () => {
    const attempt = serve(createLocalBackend({ token: TOKEN }), {
      host: "0.0.0.0",
      port: 0,
      ui: { directory, organizationId: ORG, token: TOKEN },
    });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow(/^ui: needs a loopback host/);
  });
});

describe("isLoopbackHostHeader", () => {
  it.each([
    ["127.0.0.1:8787", true],
    ["localhost", true],
    ["LOCALHOST:80", true],
    ["[::1]:8787", true],
    ["127.1.2.3", true],
    ["localhost.attacker.example", false],
    ["127.0.0.1.nip.io", false],
    ["192.168.1.4:8787", false],
    [undefined, false],
  ])("%s → %s", (host, expected) => {
    expect(isLoopbackHostHeader(host)).toBe(expected);
  });
});

describe("byokit serve --ui", () => {
  it("exits 2 with a clear message when the console has not been built", async () => {
    // From the sources there is no dist/ui beside the CLI.
    const fake = fakeIo({ env: { BYOKIT_TOKEN: TOKEN } });
    const code = await main(["serve", "--ui", "--port", "0"], fake.io);
    expect(code).toBe(2);
    expect(fake.stderr()).toContain("--ui needs the built admin console (dist/ui)");
    expect(fake.stdout()).toBe("");
  });
});
