/**
 * What the leak tests watch: every console method, every URL any code fetched, and a hostile
 * provider that echoes everything it receives (URL, every header, the body) back in every
 * field a validator might read its error from.
 */
import { afterEach, beforeEach, expect, type MockInstance, vi } from "vitest";

const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug", "trace", "dir", "table"] as const;

/**
 * Spies on `console.*` for every test of the file: the SDK must not log at all. `printed()`
 * is what it printed (for a leak check should it ever log); each test ends asserting silence.
 */
export function watchConsole() {
  let spies: MockInstance[] = [];
  beforeEach(() => {
    spies = CONSOLE_METHODS.map((method) =>
      vi.spyOn(console, method).mockImplementation(() => undefined),
    );
  });
  afterEach(() => {
    const calls = spies.flatMap((spy) => spy.mock.calls);
    for (const spy of spies) spy.mockRestore();
    expect(calls, "byokit wrote to the console").toEqual([]);
  });
  return {
    /** Everything printed so far in this test. */
    printed: (): unknown[] => spies.flatMap((spy) => spy.mock.calls.flat()),
  };
}

/** A `fetch` that records the URL (and a copy) of every request before passing it on. */
export function recording(inner: typeof globalThis.fetch) {
  const requests: Request[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push(request.clone());
    return inner(request);
  };
  return { fetch, requests, urls: () => requests.map((r) => r.url) };
}

/** Everything a request carried, as one line: what a hostile server could echo. */
export async function everythingIn(request: Request): Promise<string> {
  const headers = [...request.headers].map(([name, value]) => `${name}: ${value}`);
  const body = request.body ? await request.clone().text() : "";
  return [request.method, request.url, ...headers, body].join(" | ");
}

/**
 * A provider that refuses with `status` and quotes the whole request in every field
 * validators read (`error.message`, `message`, `detail`, `error_description`, AWS's
 * `Message`), plus a `Retry-After`. Token requests (a Vertex `token_uri`) get an access token
 * when `grantTokens`, so the probe that follows is echoed too.
 */
export function echoingProvider(
  status: number,
  options: { grantTokens?: boolean } = {},
): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    if (options.grantTokens && new URL(request.url).pathname.endsWith("/token")) {
      return Response.json({ access_token: "ya29.fake-access-token", expires_in: 3600 });
    }
    const echo = await everythingIn(request);
    return Response.json(
      {
        error: {
          message: `Incorrect API key provided: ${echo}`,
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
        message: echo,
        Message: echo,
        detail: echo,
        error_description: echo,
        __type: "UnrecognizedClientException",
      },
      { status, headers: { "retry-after": "1", "x-request-id": echo.slice(0, 120) } },
    );
  };
}
