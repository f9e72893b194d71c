/**
 * `byokit/testing` without msw at load: its `createApiHandlers` requires msw on first call and
 * answers like `byokit/testing/msw`; when msw cannot be loaded the error says what to do.
 * (That importing `byokit/testing` loads no msw is proven on the packed tarball by
 * `npm run check:package`, in a project that has no msw.)
 */
import { getResponse } from "msw";
import { describe, expect, it } from "vitest";
import { ByokError } from "../../src/errors/byok-error.js";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { createApiHandlers, MissingPeerDependencyError } from "../../src/testing/index.js";
import { requireMsw, runtimeRequire } from "../../src/testing/require-msw.js";

const notFound = (id: string) =>
  Object.assign(new Error(`Cannot find module '${id}'\nRequire stack:\n- /app/x.js`), {
    code: "MODULE_NOT_FOUND",
  });

describe("createApiHandlers from byokit/testing", () => {
  it("answers Console API requests with the local backend once msw is required", async () => {
    const local = createLocalBackend({
      token: "lazy-token",
      apiKeys: [{ id: "key_1", name: "k" }],
    });
    const handlers = createApiHandlers({ backend: local, baseUrl: "https://lazy.example/" });
    const response = await getResponse(
      handlers,
      new Request("https://lazy.example/v1/organizations/o/api_keys", {
        headers: { Authorization: "Bearer lazy-token" },
      }),
    );
    expect(response?.status).toBe(200);
    // Edgee answers a raw array (the envelope only when paging is asked for).
    expect(await response?.json()).toMatchObject([{ id: "key_1" }]);
  });

  it("finds a synchronous loader in Node", () => {
    expect(typeof runtimeRequire()).toBe("function");
  });
});

describe("requireMsw", () => {
  it("names `npm i -D msw` when msw is not installed", () => {
    const attempt = () => requireMsw(() => throwing("msw"));
    expect(attempt).toThrow(MissingPeerDependencyError);
    expect(attempt).toThrow(/npm i -D msw/);
    try {
      attempt();
    } catch (error) {
      expect(error).toBeInstanceOf(ByokError);
      expect((error as MissingPeerDependencyError).packageName).toBe("msw");
      expect((error as Error).name).toBe("MissingPeerDependencyError");
    }
  });

  it("points browsers (no synchronous loader) to byokit/testing/msw", () => {
    expect(() => requireMsw(null)).toThrow(MissingPeerDependencyError);
    expect(() => requireMsw(null)).toThrow(
      /import \{ createApiHandlers \} from "byokit\/testing\/msw"/,
    );
  });

  it("lets other failures through: a dependency missing inside msw is not 'install msw'", () => {
    expect(() => requireMsw(() => throwing("@mswjs/interceptors"))).toThrow(
      /Cannot find module '@mswjs\/interceptors'/,
    );
    expect(() => requireMsw(() => throwing("@mswjs/interceptors"))).not.toThrow(
      MissingPeerDependencyError,
    );
    const broken = new SyntaxError("Unexpected token");
    expect(() =>
      requireMsw(() => {
        throw broken;
      }),
    ).toThrow(broken);
  });

  it("returns what the loader gives for msw", () => {
    const fake = { http: {} };
    const asked: string[] = [];
    const load = (id: string) => {
      asked.push(id);
      return fake;
    };
    expect(requireMsw(load)).toBe(fake);
    expect(asked).toEqual(["msw"]);
  });
});

function throwing(id: string): never {
  throw notFound(id);
}
