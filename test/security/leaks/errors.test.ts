import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../../src/client/create-client.js";
import { ApiError } from "../../../src/errors/api-error.js";
import { AuthenticationError } from "../../../src/errors/authentication-error.js";
import { BadRequestError } from "../../../src/errors/bad-request-error.js";
import { ByokError } from "../../../src/errors/byok-error.js";
import { ConflictError } from "../../../src/errors/conflict-error.js";
import { ConnectionError } from "../../../src/errors/connection-error.js";
import { ForbiddenError } from "../../../src/errors/forbidden-error.js";
import { InternalServerError } from "../../../src/errors/internal-server-error.js";
import { NotFoundError } from "../../../src/errors/not-found-error.js";
import { PreconditionFailedError } from "../../../src/errors/precondition-failed-error.js";
import { RateLimitError } from "../../../src/errors/rate-limit-error.js";
import { ValidationError } from "../../../src/errors/validation-error.js";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import { parseProviderKey } from "../../../src/providers/parse-provider-key.js";
import { parseCreateInput, parseUpdateInput } from "../../../src/schemas/provider-key-input.js";
import { authorizeRequest } from "../../../src/validators/authorize-request.js";
import { echoingProvider, everythingIn, watchConsole } from "./capture.js";
import { expectNoLeak } from "./expect-no-leak.js";
import { allowLongRuns, assertOptions } from "./runs.js";
import { type CredentialCase, credentialCase, freshRsaKeys } from "./secrets.js";

allowLongRuns();

const ORG = "org_errors";
const TOKEN = "error-test-admin-token";

const console_ = watchConsole();
let pems: string[] = [];
beforeAll(async () => {
  pems = await freshRsaKeys();
}, 120_000);

/** Rejected values that still carry the secret: the parser must name the field, not quote it. */
function corruptions(credential: CredentialCase): unknown[] {
  const [secret = ""] = credential.secrets;
  const base = credential.credentials;
  if (typeof base === "string") {
    return [
      `${base} ${base}`,
      `${base}\n`,
      `${base}\u0000`,
      base.repeat(Math.ceil(1100 / base.length)),
      [base],
      { key: base },
    ];
  }
  const text = JSON.stringify(base);
  const object = base as Record<string, unknown>;
  const common = [
    text.slice(0, Math.max(1, text.length - 7)),
    `${text}${secret}`,
    [object],
    `[${text}]`,
  ];
  if (credential.provider === "bedrock") {
    const [region = "global", entry = {}] = Object.entries(object)[0] ?? [];
    return [
      ...common,
      { ...object, [`${secret.slice(0, 24)}-1`]: entry },
      { [region]: { ...(entry as object), extra: secret } },
      { [region]: { ...(entry as object), access_key_id: `${secret}0` } },
      { [region]: { ...(entry as object), secret_access_key: `${secret} ${secret}` } },
      { [region]: secret },
    ];
  }
  if (credential.provider === "google_vertex_ai") {
    return [
      ...common,
      { ...object, private_key: secret },
      {
        ...object,
        private_key: `-----BEGIN PRIVATE KEY-----\n${secret}!\n-----END PRIVATE KEY-----`,
      },
      { ...object, type: secret },
      { ...object, client_email: secret },
      { ...object, token_uri: `http://${secret}` },
    ];
  }
  return [
    ...common,
    { ...object, endpoint: `http://${secret}` },
    { ...object, extra: secret },
    { ...object, api_key: `${secret} ${secret}` },
  ];
}

/** Each way a parser can meet the bad value: alone, in a create, in an update. */
function parsings(credential: CredentialCase, bad: unknown): (() => unknown)[] {
  const { provider } = credential;
  return [
    () => parseProviderKey(provider, bad),
    () => parseProviderKey(provider, bad, { mode: "update" }),
    () => parseCreateInput({ provider, name: "n", provider_key: bad }),
    () => parseCreateInput({ provider, name: "n", provider_key: bad, [String(bad)]: bad }),
    () => parseUpdateInput({ provider_key: bad, active: "yes" }, provider),
    () =>
      parseCreateInput({
        provider,
        name: credential.secrets[0],
        provider_key: credential.input,
        api_key_ids: [credential.secrets[0], credential.secrets[0]],
      }),
  ];
}

describe("validation failures holding a secret", () => {
  it("are ValidationErrors that never quote it, from every parser and from the API", async () => {
    await fc.assert(
      fc.asyncProperty(credentialCase(pems), async (credential) => {
        const local = createLocalBackend({ token: TOKEN });
        const client = createClient({
          organizationId: ORG,
          token: TOKEN,
          baseUrl: "http://byokit.test",
          fetch: local.fetch,
          maxRetries: 0,
        });
        for (const bad of corruptions(credential)) {
          for (const [which, parse] of parsings(credential, bad).entries()) {
            let error: unknown;
            try {
              parse();
            } catch (failure) {
              error = failure;
            }
            expect(error, `parser ${which} on ${JSON.stringify(bad).slice(0, 80)}`).toBeDefined();
            expect(error).toBeInstanceOf(ValidationError);
            expectNoLeak(error, credential.secrets, "ValidationError");
          }
          const rejected = await client.providerKeys
            .create({ provider: credential.provider, name: "n", provider_key: bad as string })
            .catch((error: unknown) => error);
          expect(rejected).toBeInstanceOf(ValidationError);
          expectNoLeak(rejected, credential.secrets, "client-side ValidationError");
          // The same body straight to the server: a 400 that names fields only.
          const response = await local.fetch(
            `http://byokit.test/v1/organizations/${ORG}/provider-keys`,
            {
              method: "POST",
              headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
              body: JSON.stringify({ provider: credential.provider, name: "n", provider_key: bad }),
            },
          );
          expect(response.status).toBe(400);
          expectNoLeak(
            [response.headers, await response.text()],
            credential.secrets,
            "400 from the backend",
          );
        }
      }),
      assertOptions(30),
    );
  });
});

/** The class the client must throw for each status a hostile server answers with. */
const CLASS_OF_STATUS: readonly [number, new (...args: never[]) => ApiError][] = [
  [400, BadRequestError],
  [401, AuthenticationError],
  [403, ForbiddenError],
  [404, NotFoundError],
  [409, ConflictError],
  [412, PreconditionFailedError],
  [422, ApiError],
  [429, RateLimitError],
  [500, InternalServerError],
  [503, InternalServerError],
];

/**
 * A Console API that refuses every call with `status` and quotes the whole request (the
 * secret in its body included) in `error.message`, in each `params` entry, in `error.type`
 * and in `X-Request-Id`.
 */
function echoingConsole(status: number): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const echo = await everythingIn(request);
    const printable = echo.replace(/[^\x21-\x7e]/g, "");
    return Response.json(
      {
        error: {
          type: printable.slice(0, 60),
          message: echo,
          params: [
            { param: printable.slice(0, 150), message: echo },
            { param: "provider_key", message: `bad value ${echo}` },
          ],
        },
      },
      {
        status,
        headers: { "x-request-id": printable.slice(-150), "retry-after": "0" },
      },
    );
  };
}

describe("API errors from a server that echoes the secret", () => {
  it("are typed by status and scrubbed: message, stack, cause, params, requestId, JSON, inspect", async () => {
    await fc.assert(
      fc.asyncProperty(
        credentialCase(pems),
        fc.constantFrom(...CLASS_OF_STATUS),
        async (credential, [status, ErrorClass]) => {
          const client = createClient({
            organizationId: ORG,
            token: TOKEN,
            baseUrl: "http://byokit.test",
            fetch: echoingConsole(status),
            maxRetries: 0,
          });
          const { provider, input } = credential;
          const calls = [
            () =>
              client.providerKeys.create({ provider, name: "n", provider_key: input as string }),
            () => client.providerKeys.update("pk_1", { provider_key: input }, { ifMatch: 1 }),
            () => client.providerKeys.test({ provider, provider_key: input }),
          ];
          for (const call of calls) {
            const error = await call().catch((failure: unknown) => failure);
            expect(error).toBeInstanceOf(ErrorClass);
            expect((error as ApiError).status).toBe(status);
            expectNoLeak(error, credential.secrets, `${status} ${ErrorClass.name}`);
          }
        },
      ),
      assertOptions(40),
    );
  });

  it("scrub a 200 test result that quotes the secret in its messages", async () => {
    await fc.assert(
      fc.asyncProperty(credentialCase(pems), async (credential) => {
        const client = createClient({
          organizationId: ORG,
          token: TOKEN,
          baseUrl: "http://byokit.test",
          fetch: async (input, init) => {
            const echo = await everythingIn(new Request(input, init));
            return Response.json({
              ok: false,
              status: "invalid_credentials",
              message: echo,
              latency_ms: 1,
              regions: [
                { region: "global", ok: false, status: "invalid_credentials", message: echo },
              ],
            });
          },
          maxRetries: 0,
        });
        const result = await client.providerKeys.test({
          provider: credential.provider,
          provider_key: credential.input,
        });
        expect(result.status).toBe("invalid_credentials");
        expectNoLeak(result, credential.secrets, "test result from the server");
      }),
      assertOptions(30),
    );
  });

  it("wraps a transport failure that quotes the request in a ConnectionError that does not", async () => {
    await fc.assert(
      fc.asyncProperty(credentialCase(pems), async (credential) => {
        const client = createClient({
          organizationId: ORG,
          token: TOKEN,
          baseUrl: "http://byokit.test",
          // A proxy's fetch whose error quotes what it failed to send.
          fetch: async (input, init) => {
            throw new TypeError(`fetch failed: ${await everythingIn(new Request(input, init))}`);
          },
          maxRetries: 0,
        });
        const error = await client.providerKeys
          .create({
            provider: credential.provider,
            name: "n",
            provider_key: credential.input as string,
          })
          .catch((failure: unknown) => failure);
        expect(error).toBeInstanceOf(ConnectionError);
        expectNoLeak(error, credential.secrets, "ConnectionError");
      }),
      assertOptions(30),
    );
  });
});

describe("authorizeRequest failures", () => {
  it("never quote the credentials they were given, bad or refused", async () => {
    await fc.assert(
      fc.asyncProperty(
        credentialCase(pems),
        fc.constantFrom(400, 401, 403, 429, 500),
        async (credential, status) => {
          const request = new Request("https://upstream.byokit.test/v1/chat", { method: "POST" });
          const fetch = echoingProvider(status);
          for (const bad of corruptions(credential)) {
            const error = await authorizeRequest(credential.provider, request, bad as never, {
              region: "us-east-1",
              fetch,
            }).catch((failure: unknown) => failure);
            expect(error).toBeInstanceOf(ValidationError);
            expectNoLeak(error, credential.secrets, "authorizeRequest ValidationError");
          }
          if (credential.provider === "google_vertex_ai") {
            // A token endpoint that refuses and echoes the signed assertion back.
            const error = await authorizeRequest(
              "google_vertex_ai",
              request,
              credential.credentials as never,
              { fetch },
            ).catch((failure: unknown) => failure);
            expect(error).toBeInstanceOf(ByokError);
            expectNoLeak(error, credential.secrets, "authorizeRequest token refusal");
          }
          if (credential.provider === "bedrock") {
            const entry = Object.values(credential.credentials as object)[0];
            const error = await authorizeRequest("bedrock", request, entry, {}).catch(
              (failure: unknown) => failure,
            );
            expect(error).toBeInstanceOf(ValidationError);
            expectNoLeak(error, credential.secrets, "authorizeRequest without a region");
          }
        },
      ),
      assertOptions(30),
    );
    expectNoLeak(console_.printed(), [], "console");
  });
});
