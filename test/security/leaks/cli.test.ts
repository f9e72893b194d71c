import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main.js";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import { fakeIo } from "../../cli/cli-io.js";
import { echoingProvider, everythingIn, watchConsole } from "./capture.js";
import { expectNoLeak } from "./expect-no-leak.js";
import { allowLongRuns, assertOptions } from "./runs.js";
import { type CredentialCase, credentialCase, freshRsaKeys } from "./secrets.js";

allowLongRuns();

const ORG = "org_cli_leaks";
const TOKEN = "cli-leak-admin-token";
const SECRET_VAR = "BYOKIT_TEST_SECRET";

const console_ = watchConsole();
let pems: string[] = [];
let directory = "";
beforeAll(async () => {
  pems = await freshRsaKeys();
  directory = await mkdtemp(join(tmpdir(), "byokit-cli-leaks-"));
}, 120_000);
afterAll(() => rm(directory, { recursive: true, force: true }));

type Source = "env" | "file" | "stdin";

/** The secret as the CLI reads it: the API key, or the JSON text of a structured credential. */
const secretText = (credential: CredentialCase) =>
  typeof credential.credentials === "string"
    ? credential.credentials
    : JSON.stringify(credential.credentials);

/** Runs one command line with the secret given by `source`; returns all it printed and sent. */
async function runner(credential: CredentialCase, source: Source, fetch: typeof globalThis.fetch) {
  const text = secretText(credential);
  const file = join(directory, `secret-${Math.random().toString(36).slice(2)}`);
  if (source === "file") await writeFile(file, `${text}\n`, { mode: 0o600 });
  const secretArgs =
    source === "env"
      ? ["--secret-env", SECRET_VAR]
      : source === "file"
        ? ["--secret-file", file]
        : [];
  const printed: string[] = [];
  const urls: string[] = [];
  const run = async (args: string[], options: { remote?: boolean; secret?: boolean } = {}) => {
    const io = fakeIo({
      env: {
        EDGEE_CONSOLE_API_TOKEN: TOKEN,
        EDGEE_ORGANIZATION_ID: ORG,
        ...(options.remote === false ? {} : { BYOKIT_URL: "http://byokit.test" }),
        ...(source === "env" ? { [SECRET_VAR]: text } : {}),
      },
      fetch,
      ...(source === "stdin" && options.secret ? { stdin: `${text}\n` } : {}),
    });
    const code = await main(options.secret ? [...args, ...secretArgs] : args, io.io);
    printed.push(io.stdout(), io.stderr());
    urls.push(...io.fetchCalls.map((request) => request.url));
    return { code, stdout: io.stdout() };
  };
  return { run, printed, urls };
}

describe("the byokit CLI given a secret by env, file or stdin", () => {
  it("never prints it, nor sends it in a URL: test, keys create/list/get/test, resolve", async () => {
    await fc.assert(
      fc.asyncProperty(
        credentialCase(pems),
        fc.constantFrom<Source>("env", "file", "stdin"),
        fc.constantFrom(401, 403, 429),
        fc.boolean(),
        async (credential, source, providerStatus, json) => {
          const provider = echoingProvider(providerStatus, { grantTokens: true });
          const local = createLocalBackend({
            token: TOKEN,
            apiKeys: [{ id: "key_staging", name: "Staging" }],
            fetch: provider,
          });
          const viaBackend = await runner(credential, source, local.fetch);
          const format = json ? ["--json"] : [];
          const { provider: id } = credential;
          // Tested here, against the (echoing) provider itself.
          const direct = await runner(credential, source, provider);
          expect(
            (
              await direct.run(["test", "--provider", id, ...format], {
                remote: false,
                secret: true,
              })
            ).code,
          ).toBe(1);

          expect(
            (await viaBackend.run(["test", "--provider", id, ...format], { secret: true })).code,
          ).toBe(1);
          const created = await viaBackend.run(
            [
              "keys",
              "create",
              "--provider",
              id,
              "--name",
              "cli",
              "--api-key-id",
              "key_staging",
              "--json",
            ],
            { secret: true },
          );
          expect(created.code).toBe(0);
          const record = JSON.parse(created.stdout) as { id: string };
          await viaBackend.run(["keys", "list", ...format]);
          await viaBackend.run(["keys", "get", record.id, ...format]);
          await viaBackend.run(["keys", "test", record.id, ...format]);
          await viaBackend.run([
            "resolve",
            "--provider",
            id,
            "--api-key-id",
            "key_staging",
            ...format,
          ]);

          for (const { printed, urls } of [direct, viaBackend]) {
            expectNoLeak(printed, credential.secrets, "CLI output");
            expectNoLeak(urls, credential.secrets, "URLs the CLI fetched");
          }
          expectNoLeak(console_.printed(), credential.secrets, "console output");
        },
      ),
      assertOptions(20),
    );
  });

  it("never prints it when the server it talks to echoes it, in errors or in a test result", async () => {
    await fc.assert(
      fc.asyncProperty(
        credentialCase(pems),
        fc.constantFrom<Source>("env", "file", "stdin"),
        fc.constantFrom(200, 400, 401, 409, 500),
        async (credential, source, status) => {
          const server: typeof globalThis.fetch = async (input, init) => {
            const echo = await everythingIn(new Request(input, init));
            const printable = echo.replace(/[^\x21-\x7e]/g, "");
            const body =
              status === 200
                ? { ok: false, status: "invalid_credentials", message: echo, latency_ms: 1 }
                : { error: { type: printable.slice(0, 40), message: echo, params: [] } };
            return Response.json(body, {
              status,
              headers: { "X-Request-Id": printable.slice(-150) },
            });
          };
          const { run, printed, urls } = await runner(credential, source, server);
          await run(["test", "--provider", credential.provider], { secret: true });
          if (status !== 200) {
            await run(["keys", "create", "--provider", credential.provider, "--name", "n"], {
              secret: true,
            });
          }
          expectNoLeak(printed, credential.secrets, "CLI output");
          expectNoLeak(urls, credential.secrets, "URLs the CLI fetched");
        },
      ),
      assertOptions(30),
    );
  });
});
