import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { createApiHandlers } from "../../src/testing/msw.js";
import { fakeApiKey } from "../local/helpers.js";

const local = createLocalBackend({
  token: "msw-token",
  apiKeys: [{ id: "key_prod", name: "Prod" }],
});
const server = setupServer(
  ...createApiHandlers({ backend: local }),
  ...createApiHandlers({ baseUrl: "https://byok.internal.example/", token: "other-token" }),
);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const headers = { Authorization: "Bearer msw-token", "Content-Type": "application/json" };

describe("createApiHandlers (byokit/testing/msw)", () => {
  it("answers Console API requests with the local backend", async () => {
    const secret = fakeApiKey();
    const created = await fetch("https://api.edgee.app/v1/organizations/org_1/provider-keys", {
      method: "POST",
      headers,
      body: JSON.stringify({
        provider: "openai",
        name: "Via msw",
        provider_key: secret,
        api_key_ids: ["key_prod"],
      }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("ETag")).toBe('"1"');
    const record = await created.json();
    const resolved = await local.resolve({ provider: "openai", api_key_id: "key_prod" });
    expect(resolved.status === "resolved" && resolved.key.id).toBe(record.id);
    expect(resolved.status === "resolved" && resolved.credentials).toBe(secret);
    const stale = await fetch(
      `https://api.edgee.app/v1/organizations/org_1/provider-keys/${record.id}`,
      {
        method: "PATCH",
        headers: { ...headers, "If-Match": '"7"' },
        body: JSON.stringify({ name: "x" }),
      },
    );
    expect(stale.status).toBe(412);
  });

  it("serves a custom base URL with a backend built from options", async () => {
    const denied = await fetch("https://byok.internal.example/v1/organizations/o/api_keys", {
      headers: { Authorization: "Bearer msw-token" },
    });
    expect(denied.status).toBe(401);
    const allowed = await fetch("https://byok.internal.example/v1/organizations/o/api_keys", {
      headers: { Authorization: "Bearer other-token" },
    });
    expect(allowed.status).toBe(200);
    // Edgee answers a raw array (observed); the envelope only when paging is asked for.
    expect(await allowed.json()).toEqual([]);
  });

  it("answers unknown API paths with the backend's 404", async () => {
    const response = await fetch("https://api.edgee.app/v1/nothing-here", { headers });
    expect(response.status).toBe(404);
    expect((await response.json()).error.type).toBe("not_found_error");
  });
});
