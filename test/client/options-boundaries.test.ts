/**
 * What `createClient()` accepts, refuses and defaults: every limit at its edge, every issue by
 * its exact path and wording (they are what a user reads), and the environment only in Node.
 */
import { http } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient } from "../../src/client/create-client.js";
import { resolveClientOptions } from "../../src/client/options.js";
import type { ClientOptions } from "../../src/client/types.js";
import { ValidationError } from "../../src/errors/index.js";
import { API, apiError, captureRetryDelays, record, TOKEN, useMockServer } from "./harness.js";

const { server, sent } = useMockServer();

/** The longest delay `setTimeout` honours (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;
const REQUIRED = { token: TOKEN, organizationId: "org_1" } as const;

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The issues of the ValidationError `createClient(options)` throws. */
function issuesOf(options: Record<string, unknown>) {
  try {
    createClient(options as ClientOptions);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return expect.fail("expected a ValidationError");
}

/** Runs `read` where there is no `process`, as in a browser. */
function withoutProcess<T>(read: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, "process");
  if (descriptor === undefined) return expect.fail("expected a global process in Node");
  Object.defineProperty(globalThis, "process", { value: undefined, configurable: true });
  try {
    return read();
  } finally {
    Object.defineProperty(globalThis, "process", descriptor);
  }
}

describe("the defaults", () => {
  it("waits 30 s per attempt, retries twice, backs off from 500 ms up to 60 s, on api.edgee.app", () => {
    const resolved = resolveClientOptions(REQUIRED);
    expect(resolved).toEqual({
      organizationId: "org_1",
      token: TOKEN,
      baseUrl: "https://api.edgee.app",
      fetch: undefined,
      maxRetries: 2,
      timeoutMs: 30_000,
      retryDelayMs: 500,
      maxRetryDelayMs: 60_000,
    });
    expect(Object.isFrozen(resolved)).toBe(true);
  });

  describe("seen from the server", () => {
    const delays = captureRetryDelays(30_000);

    it("a failing read is sent three times, 375–500 ms then 750–1000 ms apart", async () => {
      server.use(http.get(`${API}/provider-keys/pk_1`, () => apiError(503, "api_error", "busy")));
      await expect(createClient(REQUIRED).providerKeys.get("pk_1")).rejects.toMatchObject({
        status: 503,
      });
      expect(sent).toHaveLength(3);
      expect(delays).toHaveLength(2);
      expect(delays[0]).toBeGreaterThanOrEqual(375);
      expect(delays[0]).toBeLessThanOrEqual(500);
      expect(delays[1]).toBeGreaterThanOrEqual(750);
      expect(delays[1]).toBeLessThanOrEqual(1000);
    });
  });

  it("keeps every value it is given", () => {
    const fetch = async () => new Response(null, { status: 204 });
    expect(
      resolveClientOptions({
        ...REQUIRED,
        baseUrl: "http://127.0.0.1:8787",
        fetch,
        maxRetries: 5,
        timeoutMs: 1234,
        retryDelayMs: 7,
        maxRetryDelayMs: 99,
      }),
    ).toEqual({
      organizationId: "org_1",
      token: TOKEN,
      baseUrl: "http://127.0.0.1:8787",
      fetch,
      maxRetries: 5,
      timeoutMs: 1234,
      retryDelayMs: 7,
      maxRetryDelayMs: 99,
    });
  });
});

describe("the environment", () => {
  it("is read for what the options leave out, and loses to what they give", async () => {
    vi.stubEnv("EDGEE_CONSOLE_API_TOKEN", "console_token_FROM_ENV_FAKE");
    vi.stubEnv("EDGEE_ORGANIZATION_ID", "org_env");
    const seen: Request[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Request(input, init));
      return Response.json(record());
    };

    await createClient({ token: TOKEN, fetch }).providerKeys.get("pk_1");

    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]?.url).toBe("https://api.edgee.app/v1/organizations/org_env/provider-keys/pk_1");
  });

  it("is not read where there is no process (browsers): both credentials must be given", () => {
    vi.stubEnv("EDGEE_CONSOLE_API_TOKEN", TOKEN);
    vi.stubEnv("EDGEE_ORGANIZATION_ID", "org_1");

    expect(withoutProcess(() => issuesOf({}))).toEqual([
      { path: "token", message: "is required (or set EDGEE_CONSOLE_API_TOKEN)" },
      { path: "organizationId", message: "is required (or set EDGEE_ORGANIZATION_ID)" },
    ]);
    expect(withoutProcess(() => resolveClientOptions(REQUIRED).token)).toBe(TOKEN);
  });
});

describe("token", () => {
  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["not a string", 42],
  ])("%s: is required", (_label, token) => {
    vi.stubEnv("EDGEE_CONSOLE_API_TOKEN", undefined);
    expect(issuesOf({ organizationId: "org_1", token })).toEqual([
      { path: "token", message: "is required (or set EDGEE_CONSOLE_API_TOKEN)" },
    ]);
  });

  it.each([
    ["a space inside", "console token"],
    ["a leading space", " console_token"],
    ["a trailing space", "console_token "],
    ["a line break", "console_token\n"],
    ["a DEL character", "console_token\x7f"],
    ["a non-ASCII letter", "console_tökén"],
  ])("with %s: must be printable ASCII", (_label, token) => {
    expect(issuesOf({ organizationId: "org_1", token })).toEqual([
      { path: "token", message: "must be printable ASCII with no spaces" },
    ]);
  });

  it("may use every printable ASCII character, from ! to ~", () => {
    const token = "!a~Z0\"#'`{|}";
    expect(resolveClientOptions({ organizationId: "org_1", token }).token).toBe(token);
  });
});

describe("organizationId", () => {
  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["not a string", 7],
  ])("%s: is required", (_label, organizationId) => {
    vi.stubEnv("EDGEE_ORGANIZATION_ID", undefined);
    expect(issuesOf({ token: TOKEN, organizationId })).toEqual([
      { path: "organizationId", message: "is required (or set EDGEE_ORGANIZATION_ID)" },
    ]);
  });

  it.each([".", ".."])("%j would climb out of the path: refused", (organizationId) => {
    expect(issuesOf({ token: TOKEN, organizationId })).toEqual([
      { path: "organizationId", message: "must be an organization id" },
    ]);
  });

  it("may hold dots otherwise", () => {
    expect(resolveClientOptions({ token: TOKEN, organizationId: "..." }).organizationId).toBe(
      "...",
    );
  });
});

describe("baseUrl", () => {
  it.each([
    ["https://api.edgee.app", "https://api.edgee.app"],
    ["http://127.0.0.1:8787/", "http://127.0.0.1:8787"],
    ["https://proxy.example/edgee//", "https://proxy.example/edgee"],
  ])("%s is used as %s", (baseUrl, expected) => {
    expect(resolveClientOptions({ ...REQUIRED, baseUrl }).baseUrl).toBe(expected);
    expect(createClient({ ...REQUIRED, baseUrl }).baseUrl).toBe(expected);
  });

  it.each([
    ["another scheme", "ftp://api.example"],
    ["a query", "https://api.example/?x=1"],
    ["a fragment", "https://api.example/#top"],
    ["no URL at all", "api.example"],
    ["a URL object rather than its text", new URL("https://api.example")],
  ])("with %s: refused", (_label, baseUrl) => {
    expect(issuesOf({ ...REQUIRED, baseUrl })).toEqual([
      { path: "baseUrl", message: "must be an http(s) URL without query or fragment" },
    ]);
  });

  it.each([
    ["a user", "https://user@api.example"],
    ["a password", "https://:pw@api.example"],
    ["both", "https://user:pw@api.example"],
  ])("carrying %s: refused", (_label, baseUrl) => {
    expect(issuesOf({ ...REQUIRED, baseUrl })).toEqual([
      { path: "baseUrl", message: "must not carry credentials" },
    ]);
  });
});

describe("fetch", () => {
  it("must be a function when given", () => {
    expect(issuesOf({ ...REQUIRED, fetch: "https://my.fetch" })).toEqual([
      { path: "fetch", message: "must be a fetch-compatible function" },
    ]);
  });
});

describe("the numeric options", () => {
  const ranges = [
    ["maxRetries", 0, 10],
    ["timeoutMs", 1, MAX_TIMER_MS],
    ["retryDelayMs", 0, MAX_TIMER_MS],
    ["maxRetryDelayMs", 0, MAX_TIMER_MS],
  ] as const;

  it.each(ranges)("%s accepts %d and %d", (name, min, max) => {
    expect(resolveClientOptions({ ...REQUIRED, [name]: min })[name]).toBe(min);
    expect(resolveClientOptions({ ...REQUIRED, [name]: max })[name]).toBe(max);
  });

  it.each(ranges)("%s refuses values outside %d to %d, and fractions", (name, min, max) => {
    for (const value of [min - 1, max + 1, min + 0.5, Number.NaN]) {
      expect(issuesOf({ ...REQUIRED, [name]: value })).toEqual([
        { path: name, message: `must be a whole number from ${min} to ${max}` },
      ]);
    }
  });
});

it("names every wrong option at once, in order, before anything is sent", () => {
  vi.stubEnv("EDGEE_CONSOLE_API_TOKEN", undefined);
  vi.stubEnv("EDGEE_ORGANIZATION_ID", undefined);
  expect(
    issuesOf({
      baseUrl: "ftp://x",
      fetch: 1,
      maxRetries: 11,
      timeoutMs: 0,
      retryDelayMs: -1,
      maxRetryDelayMs: 0.5,
    }).map((issue) => issue.path),
  ).toEqual([
    "token",
    "organizationId",
    "baseUrl",
    "fetch",
    "maxRetries",
    "timeoutMs",
    "retryDelayMs",
    "maxRetryDelayMs",
  ]);
  expect(sent).toHaveLength(0);
});
