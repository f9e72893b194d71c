/**
 * Leaks the property tests found, pinned as plain examples: each fails on the code before
 * its fix.
 */
import { describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main.js";
import { createClient } from "../../../src/client/create-client.js";
import { ApiError } from "../../../src/errors/api-error.js";
import { ConnectionError } from "../../../src/errors/connection-error.js";
import { ValidationError } from "../../../src/errors/validation-error.js";
import { parseProviderKey } from "../../../src/providers/parse-provider-key.js";
import { fakeIo } from "../../cli/cli-io.js";
import { fakeOpenAiKey } from "../../providers/fixtures.js";
import { expectNoLeak } from "./expect-no-leak.js";

const secret = fakeOpenAiKey(4242);
const body = secret.slice("sk-proj-".length);

function clientAnswering(answer: () => Response) {
  return createClient({
    organizationId: "org_regressions",
    token: "regression-token",
    baseUrl: "http://byokit.test",
    fetch: async () => answer(),
    maxRetries: 0,
  });
}

describe("the client's request id", () => {
  it("is dropped when the server echoes the sent secret in X-Request-Id of an error", async () => {
    const client = clientAnswering(() =>
      Response.json(
        { error: { type: "invalid_request_error", message: "no" } },
        { status: 400, headers: { "x-request-id": `req_${secret}` } },
      ),
    );
    const error = await client.providerKeys
      .create({ provider: "openai", name: "n", provider_key: secret })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).requestId).toBeUndefined();
    expectNoLeak(error, [body], "ApiError");
  });

  it("is dropped when a 2xx answer that is not JSON echoes the secret in X-Request-Id", async () => {
    const client = clientAnswering(
      () => new Response("<html>", { status: 200, headers: { "x-request-id": secret } }),
    );
    const error = await client.providerKeys
      .test({ provider: "openai", provider_key: secret })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).requestId).toBeUndefined();
    expectNoLeak(error, [body], "unexpected response");
  });

  it("is kept when it is an ordinary id", async () => {
    const client = clientAnswering(() =>
      Response.json(
        { error: { type: "invalid_request_error", message: "no" } },
        { status: 400, headers: { "x-request-id": "req_4fQ9abc" } },
      ),
    );
    const error = await client.providerKeys
      .create({ provider: "openai", name: "n", provider_key: secret })
      .catch((failure: unknown) => failure);
    expect((error as ApiError).requestId).toBe("req_4fQ9abc");
  });
});

describe("a ConnectionError's cause", () => {
  const failingWith = (error: unknown) =>
    createClient({
      organizationId: "org_regressions",
      token: "tok_FAKE_7Qz9x2Lm4p",
      baseUrl: "http://byokit.test",
      fetch: async () => {
        throw error;
      },
      maxRetries: 0,
    });

  it("is scrubbed when the failing fetch quotes the request body it could not send", async () => {
    const quoting = new TypeError(`fetch failed: {"provider_key":"${secret}"}`, {
      cause: new Error(`socket hang up sending ${secret}`),
    });
    const error = await failingWith(quoting)
      .providerKeys.create({ provider: "openai", name: "n", provider_key: secret })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ConnectionError);
    const cause = (error as ConnectionError).cause as Error;
    expect(cause).toBeInstanceOf(Error);
    expect(cause.name).toBe("TypeError");
    expect(cause.message).toContain("fetch failed");
    expectNoLeak(error, [body], "ConnectionError");
  });

  it("is the original failure when it holds nothing that was sent", async () => {
    const refused = new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") });
    const error = await failingWith(refused)
      .providerKeys.create({ provider: "openai", name: "n", provider_key: secret })
      .catch((failure: unknown) => failure);
    expect((error as ConnectionError).cause).toBe(refused);
  });
});

describe("the CLI talking to a server that quotes the secret", () => {
  const env = {
    BYOKIT_URL: "http://byokit.test",
    EDGEE_CONSOLE_API_TOKEN: "regression-token",
    EDGEE_ORGANIZATION_ID: "org_regressions",
    OPENAI_KEY: secret,
  };

  it("prints `byokit test`'s result scrubbed of it", async () => {
    const io = fakeIo({
      env,
      fetch: async () =>
        Response.json({
          ok: false,
          status: "invalid_credentials",
          message: `Incorrect API key provided: ${secret}`,
          latency_ms: 3,
        }),
    });
    expect(await main(["test", "--provider", "openai", "--secret-env", "OPENAI_KEY"], io.io)).toBe(
      1,
    );
    expect(io.stdout()).toContain("Incorrect API key provided: [REDACTED]");
    expectNoLeak(io.stdout(), [body], "byokit test output");
  });

  it("does not print an X-Request-Id that echoes it", async () => {
    const io = fakeIo({
      env,
      fetch: async () =>
        Response.json(
          { error: { type: "invalid_request_error", message: "no" } },
          { status: 400, headers: { "X-Request-Id": `req_${secret}` } },
        ),
    });
    const args = [
      "keys",
      "create",
      "--provider",
      "openai",
      "--name",
      "n",
      "--secret-env",
      "OPENAI_KEY",
    ];
    expect(await main(args, io.io)).toBe(1);
    expect(io.stderr()).toContain("400 invalid_request_error: no");
    expectNoLeak(io.stderr(), [body], "byokit keys create error");
  });
});

describe("a key built from a secret", () => {
  it("is scrubbed from the path of the issue it causes", () => {
    const accessKeyId = "AKIACUUTTHLVQWGMKIUH";
    const entry = {
      access_key_id: accessKeyId,
      secret_access_key: "RAOJdinpdlPG5auqzokHP0UFy6jeWGwhNIVQWQLV",
    };
    const error = (() => {
      try {
        parseProviderKey("bedrock", { global: entry, [`${accessKeyId}-1`]: entry });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe("provider_key.[REDACTED]-1");
    expect(JSON.stringify(error) + (error as Error).message).not.toContain(
      accessKeyId.slice(4, 10),
    );
  });
});
