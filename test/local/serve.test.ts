import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/validation-error.js";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { type Server, serve } from "../../src/local/serve.js";
import { fakeApiKey, ORG, TOKEN } from "./helpers.js";

let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const auth = { Authorization: `Bearer ${TOKEN}` };

describe("serve", () => {
  it("serves the backend over real HTTP on a free port", async () => {
    server = await serve(createLocalBackend({ token: TOKEN }), { port: 0 });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    const secret = fakeApiKey();
    const created = await fetch(`${server.url}/v1/organizations/${ORG}/provider-keys`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json", "Idempotency-Key": "k1" },
      body: JSON.stringify({ provider: "openai", name: "Over HTTP", provider_key: secret }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("ETag")).toBe('"1"');
    expect(created.headers.get("X-Request-Id")).toMatch(/^req_/);
    const record = await created.json();
    const read = await fetch(`${server.url}/v1/organizations/${ORG}/provider-keys/${record.id}`, {
      headers: auth,
    });
    expect(await read.json()).toEqual(record);
    const text = await (
      await fetch(`${server.url}/v1/organizations/${ORG}/provider-keys`, { headers: auth })
    ).text();
    expect(text).not.toContain(secret.slice(8));
    const unauthorized = await fetch(`${server.url}/v1/organizations/${ORG}/provider-keys`);
    expect(unauthorized.status).toBe(401);
  });

  it("answers every 405 with Allow, TRACE included (fetch cannot carry it)", async () => {
    server = await serve(createLocalBackend({ token: TOKEN }), { port: 0 });
    const raw = (method: string, path: string) =>
      new Promise<{ status: number; allow: string | undefined }>((resolve, reject) => {
        const request = httpRequest(`${server!.url}${path}`, { method, headers: auth }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow }));
        });
        request.on("error", reject);
        request.end();
      });
    const item = `/v1/organizations/${ORG}/provider-keys/pk_1`;
    expect(await raw("TRACE", item)).toEqual({ status: 405, allow: "GET, POST, PATCH, DELETE" });
    expect(await raw("TRACE", `/v1/organizations/${ORG}/provider-keys`)).toEqual({
      status: 405,
      allow: "GET, POST",
    });
    expect(await raw("PUT", item)).toEqual({ status: 405, allow: "GET, POST, PATCH, DELETE" });
    expect((await raw("TRACE", "/nowhere")).status).toBe(404);
  });

  it("refuses a body above 64 KiB with 413, without a reset", async () => {
    server = await serve(createLocalBackend({ token: TOKEN }), { port: 0 });
    const response = await fetch(`${server.url}/v1/organizations/${ORG}/provider-keys`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(200_000) }),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error.type).toBe("invalid_request_error");
    expect(response.headers.get("X-Request-Id")).toMatch(/^req_/);
  });

  it("refuses a chunked body that grows past 64 KiB", async () => {
    server = await serve(createLocalBackend({ token: TOKEN }), { port: 0 });
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${server!.url}/v1/organizations/${ORG}/provider-keys`,
        { method: "POST", headers: { ...auth, "Content-Type": "application/json" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      for (let i = 0; i < 10; i++) req.write("x".repeat(10_000));
      req.end();
    });
    expect(status).toBe(413);
  });

  it("answers CORS preflights from allowed origins and exposes headers", async () => {
    server = await serve(createLocalBackend({ token: TOKEN }), {
      port: 0,
      cors: ["http://localhost:5173"],
    });
    const preflight = await fetch(`${server.url}/v1/organizations/${ORG}/provider-keys`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:5173",
        "Access-Control-Request-Method": "PATCH",
        "Access-Control-Request-Headers": "authorization, if-match, content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:5173");
    expect(preflight.headers.get("Access-Control-Allow-Methods")).toContain("PATCH");
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toContain("If-Match");
    const actual = await fetch(`${server.url}/v1/organizations/${ORG}/api_keys`, {
      headers: { ...auth, Origin: "http://localhost:5173" },
    });
    expect(actual.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:5173");
    expect(actual.headers.get("Access-Control-Expose-Headers")).toMatch(
      /ETag.*X-Request-Id.*Retry-After/,
    );
    const foreign = await fetch(`${server.url}/v1/organizations/${ORG}/provider-keys`, {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "GET" },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("sends no CORS headers when cors is not set", async () => {
    server = await serve(createLocalBackend({ token: TOKEN }), { port: 0 });
    const response = await fetch(`${server.url}/v1/organizations/${ORG}/api_keys`, {
      headers: { ...auth, Origin: "http://localhost:5173" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("refuses a non-loopback host for a backend without a token", async () => {
    await expect(serve(createLocalBackend(), { host: "0.0.0.0" })).rejects.toThrow(ValidationError);
    await expect(serve(createLocalBackend(), { host: "0.0.0.0" })).rejects.toThrow(/token/);
    server = await serve(createLocalBackend({ token: TOKEN }), { host: "0.0.0.0", port: 0 });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it("stops listening on close", async () => {
    const local = await serve(createLocalBackend(), { port: 0 });
    await local.close();
    await expect(fetch(`${local.url}/v1/organizations/${ORG}/api_keys`)).rejects.toThrow();
  });
});

describe("serve without a token", () => {
  /** A GET whose Host header is `host`, as a page re-pointed at 127.0.0.1 by DNS would send. */
  const getWithHost = (host: string) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${server!.url}/v1/organizations/${ORG}/provider-keys`,
        { headers: { Host: host } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end();
    });

  it("answers only requests addressed to a loopback name (no DNS rebinding)", async () => {
    server = await serve(createLocalBackend(), { port: 0, host: "127.0.0.1" });
    expect(await getWithHost(`127.0.0.1:${server.port}`)).toBe(200);
    expect(await getWithHost(`localhost:${server.port}`)).toBe(200);
    expect(await getWithHost(`attacker.example:${server.port}`)).toBe(403);
  });

  it("does not check the Host header when the backend has a token", async () => {
    server = await serve(createLocalBackend({ token: TOKEN }), { port: 0, host: "127.0.0.1" });
    expect(await getWithHost(`attacker.example:${server.port}`)).toBe(401);
  });
});

describe("serve checks Origin (issue 11, item 7)", () => {
  /** A cross-site "simple" POST, as a form on another site sends it: no preflight. */
  const postWithOrigin = (path: string, origin: string | undefined) =>
    fetch(`${server!.url}${path}`, {
      method: "POST",
      headers: {
        "Content-Type": "text/plain",
        ...(origin === undefined ? {} : { Origin: origin }),
      },
      body: "{}",
    });

  it("refuses a cross-site simple POST to a tokenless server before any handler runs", async () => {
    const tested: unknown[] = [];
    const local = createLocalBackend({
      validators: {
        openai: async (key) => {
          tested.push(key);
          return { ok: true, status: "valid", message: "ok", latency_ms: 1 };
        },
      },
    });
    server = await serve(local, { port: 0, host: "127.0.0.1", cors: ["http://app.test:5173"] });
    const created = await local.fetch(`/v1/organizations/${ORG}/provider-keys`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        provider: "openai",
        name: "k",
        provider_key: "sk-test-FAKE0000000000000000",
      }),
    });
    const { id } = (await created.json()) as { id: string };
    const path = `/v1/organizations/${ORG}/provider-keys/${id}/test`;
    const foreign = await postWithOrigin(path, "http://attacker.example");
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { type: string } }).error.type).toBe(
      "forbidden_error",
    );
    expect(await postWithOrigin(path, "null").then((r) => r.status)).toBe(403);
    expect(tested).toHaveLength(0);
    // Its own origin, a --cors origin, and no Origin at all (curl, the SDK in Node) pass.
    expect((await postWithOrigin(path, server.url)).status).toBe(200);
    expect((await postWithOrigin(path, "http://app.test:5173")).status).toBe(200);
    expect((await postWithOrigin(path, undefined)).status).toBe(200);
    expect(tested).toHaveLength(3);
  });
});

describe("serve on IPv6 loopback", () => {
  it("takes [::1] as written in URLs, and answers on it", async () => {
    server = await serve(createLocalBackend({ token: TOKEN }), { port: 0, host: "[::1]" });
    expect(server.url).toBe(`http://[::1]:${server.port}`);
    const response = await fetch(`${server.url}/v1/organizations/${ORG}/provider-keys`, {
      headers: auth,
    });
    expect(response.status).toBe(200);
  });
});
