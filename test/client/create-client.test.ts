import { inspect } from "node:util";
import { delay, HttpResponse, http } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient } from "../../src/client/create-client.js";
import { ValidationError } from "../../src/errors/index.js";
import { API, apiError, ORG_PATH, record, TOKEN, testClient, useMockServer } from "./harness.js";

const { server, sent } = useMockServer();

afterEach(() => {
  vi.unstubAllEnvs();
});

function rejection(create: () => unknown): ValidationError {
  try {
    create();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  return expect.fail("expected a ValidationError");
}

describe("createClient options", () => {
  it("reads the token and organization from the environment in Node", async () => {
    vi.stubEnv("EDGEE_CONSOLE_API_TOKEN", TOKEN);
    vi.stubEnv("EDGEE_ORGANIZATION_ID", "org_1");
    server.use(http.get(`${API}/provider-keys/pk_1`, () => HttpResponse.json(record())));

    const client = createClient();
    await client.providerKeys.get("pk_1");

    expect(client.organizationId).toBe("org_1");
    expect(sent[0]?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });

  it("prefers the options over the environment", () => {
    vi.stubEnv("EDGEE_ORGANIZATION_ID", "org_env");
    expect(createClient({ token: TOKEN, organizationId: "org_given" }).organizationId).toBe(
      "org_given",
    );
  });

  it("refuses to start without a token or an organization, naming both", () => {
    vi.stubEnv("EDGEE_CONSOLE_API_TOKEN", "");
    vi.stubEnv("EDGEE_ORGANIZATION_ID", "");
    const error = rejection(() => createClient());
    expect(error.issues.map((issue) => issue.path)).toEqual(["token", "organizationId"]);
    expect(error.message).toContain("EDGEE_CONSOLE_API_TOKEN");
    expect(error.message).toContain("EDGEE_ORGANIZATION_ID");
  });

  it("refuses a token that is not a header value without quoting it", () => {
    const error = rejection(() =>
      createClient({ token: "console token FAKE\nwith lines", organizationId: "org_1" }),
    );
    expect(error.issues[0]?.path).toBe("token");
    expect(error.message).not.toContain("with lines");
  });

  it.each([
    ["baseUrl", { baseUrl: "ftp://api.example" }],
    ["baseUrl", { baseUrl: "https://user:pw@api.example" }],
    ["baseUrl", { baseUrl: "https://api.example/?x=1" }],
    ["maxRetries", { maxRetries: -1 }],
    ["maxRetries", { maxRetries: 1.5 }],
    ["timeoutMs", { timeoutMs: 0 }],
    ["timeoutMs", { timeoutMs: 2 ** 40 }],
    ["organizationId", { organizationId: ".." }],
  ])("refuses a bad %s", (path, options) => {
    const error = rejection(() =>
      createClient({ token: TOKEN, organizationId: "org_1", ...options }),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([path]);
  });

  it("keeps a base URL's path and drops its trailing slash", async () => {
    server.use(
      http.get("https://proxy.example/edgee/v1/organizations/org_1/provider-keys/pk_1", () =>
        HttpResponse.json(record()),
      ),
    );
    const client = testClient({ baseUrl: "https://proxy.example/edgee/" });
    await client.providerKeys.get("pk_1");
    expect(sent[0]?.url.href).toBe(`https://proxy.example/edgee${ORG_PATH}/provider-keys/pk_1`);
    expect(client.baseUrl).toBe("https://proxy.example/edgee");
  });

  it("encodes the organization id into the path", async () => {
    server.use(
      http.get("https://api.edgee.app/v1/organizations/org%2F2/provider-keys/pk_1", () =>
        HttpResponse.json(record()),
      ),
    );
    await testClient({ organizationId: "org/2" }).providerKeys.get("pk_1");
    expect(sent[0]?.url.pathname).toBe("/v1/organizations/org%2F2/provider-keys/pk_1");
  });
});

describe("an injected fetch", () => {
  it("sends every request through it, retries included, and nothing to the network", async () => {
    const seen: Request[] = [];
    let calls = 0;
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      seen.push(request);
      calls += 1;
      return calls === 1
        ? apiError(503, "api_error", "busy")
        : Response.json(record(), { headers: { "x-request-id": "req_local" } });
    };
    const client = testClient({ fetch, baseUrl: "http://127.0.0.1:1" });

    const key = await client.providerKeys.get("pk_1");

    expect(key.id).toBe("pk_1");
    expect(seen).toHaveLength(2);
    expect(seen[0]?.url).toBe(`http://127.0.0.1:1${ORG_PATH}/provider-keys/pk_1`);
    expect(seen[1]?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(sent).toHaveLength(0);
  });

  it("hands it the JSON body, its content type and a signal that aborts", async () => {
    const seen: Request[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Request(input, init));
      return Response.json(record(), { status: 201 });
    };
    const controller = new AbortController();
    const client = testClient({ fetch });
    await client.providerKeys.create(
      { provider: "openai", name: "via fetch", provider_key: "sk-test-FAKE-0123456789" },
      { signal: controller.signal },
    );

    const [request] = seen;
    expect(request?.method).toBe("POST");
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(await request?.json()).toMatchObject({ name: "via fetch" });
    controller.abort();
    expect(request?.signal.aborted).toBe(true);
  });
});

describe("what a client shows of itself", () => {
  const client = testClient();

  it("shows only its base URL and organization in JSON", () => {
    expect(JSON.parse(JSON.stringify(client))).toEqual({
      baseUrl: "https://api.edgee.app",
      organizationId: "org_1",
    });
  });

  it("never shows its token when inspected, however deep", () => {
    for (const shown of [
      inspect(client),
      inspect(client, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
      inspect(client.providerKeys, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
      inspect(client.apiKeys, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
      JSON.stringify(client.providerKeys),
      String(client),
    ]) {
      expect(shown).not.toContain(TOKEN);
    }
    expect(inspect(client)).toContain("org_1");
  });

  it("never puts its token in an error, whatever failed", async () => {
    server.use(
      http.get(`${API}/provider-keys/pk_1`, () =>
        apiError(401, "authentication_error", "bad token"),
      ),
      http.get(`${API}/provider-keys/pk_2`, () => HttpResponse.error()),
      http.get(`${API}/provider-keys/pk_3`, async () => {
        await delay(1000);
        return HttpResponse.json(record());
      }),
    );
    const quick = testClient({ maxRetries: 0, timeoutMs: 20 });
    const errors = await Promise.all(
      ["pk_1", "pk_2", "pk_3"].map((id) =>
        quick.providerKeys.get(id).catch((error: unknown) => error),
      ),
    );
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      expect(inspect(error, { showHidden: true, depth: Number.POSITIVE_INFINITY })).not.toContain(
        TOKEN,
      );
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    }
  });
});
