import { inspect } from "node:util";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../../src/client/create-client.js";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import { memoryStore } from "../../../src/local/memory-store.js";
import type { BedrockCredentials } from "../../../src/providers/credentials.js";
import type { ProviderKey } from "../../../src/providers/record.js";
import { echoingProvider, recording, watchConsole } from "./capture.js";
import { expectNoLeak, holdsSecret } from "./expect-no-leak.js";
import { allowLongRuns, assertOptions } from "./runs.js";
import { type CredentialCase, caseOf, credentialCase, freshRsaKeys } from "./secrets.js";

allowLongRuns();

const ORG = "org_leaks";
const TOKEN = "leak-test-admin-token";
const BASE_URL = "http://byokit.test";
const API_KEYS = [{ id: "key_staging", name: "Staging" }];

const console_ = watchConsole();
let pems: string[] = [];
beforeAll(async () => {
  pems = await freshRsaKeys();
}, 120_000);

/** A credential and, of the same provider, the one that replaces it on update. */
const caseWithReplacement = () =>
  credentialCase(pems).chain((first) =>
    caseOf(first.provider, pems).map((second): [CredentialCase, CredentialCase] => [first, second]),
  );

/** Bedrock's partial update: every region named by its access key id alone, secrets kept. */
function keepingSecrets(credentials: BedrockCredentials): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(credentials).map(([region, entry]) => [
      region,
      {
        access_key_id: entry.access_key_id,
        ...(entry.session_token === undefined ? {} : { session_token: entry.session_token }),
      },
    ]),
  );
}

function setup(providerStatus: number) {
  const provider = recording(echoingProvider(providerStatus, { grantTokens: true }));
  const store = memoryStore();
  const local = createLocalBackend({
    store,
    token: TOKEN,
    apiKeys: API_KEYS,
    fetch: provider.fetch,
  });
  const api = recording(local.fetch);
  const client = createClient({
    organizationId: ORG,
    token: TOKEN,
    baseUrl: BASE_URL,
    fetch: api.fetch,
    maxRetries: 0,
  });
  return { provider, store, local, api, client };
}

/** A raw answer of the backend: status, every header (ETag, Location, …) and the body. */
async function raw(
  local: { fetch: typeof globalThis.fetch },
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await local.fetch(`${BASE_URL}/v1/organizations/${ORG}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe("secrets given to the local backend and the client", () => {
  it("never come back: create, get, list, update, test, testStored, resolve, api keys, headers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseWithReplacement(), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(400, 401, 403, 429, 500),
        async (pairs, providerStatus) => {
          const { provider, store, local, api, client } = setup(providerStatus);
          const secrets = pairs.flatMap(([a, b]) => [...a.secrets, ...b.secrets]);
          const shown: unknown[] = [];
          const records: ProviderKey[] = [];

          for (const [index, [credential]] of pairs.entries()) {
            shown.push(
              await client.providerKeys.test({
                provider: credential.provider,
                provider_key: credential.input,
              }),
            );
            const created = await client.providerKeys.create({
              provider: credential.provider,
              name: `key ${index}`,
              provider_key: credential.input as string,
              api_key_ids: index % 2 === 0 ? [] : ["key_staging"],
            });
            records.push(created);
            shown.push(created, await client.providerKeys.get(created.id));
            shown.push(await raw(local, "GET", `/provider-keys/${created.id}`));
          }
          for await (const record of client.providerKeys.list({ limit: 2 })) shown.push(record);
          shown.push(await raw(local, "GET", "/provider-keys?limit=1"));

          for (const [index, [first, replacement]] of pairs.entries()) {
            const id = records[index]!.id;
            if (first.provider === "bedrock") {
              const partial = keepingSecrets(first.credentials as BedrockCredentials);
              shown.push(await client.providerKeys.update(id, { provider_key: partial }));
            }
            shown.push(
              await client.providerKeys.update(
                id,
                { name: `renamed ${index}`, provider_key: replacement.input },
                { ifMatch: (await client.providerKeys.get(id)).version },
              ),
              await raw(local, "PATCH", `/provider-keys/${id}`, { active: true }),
              await client.providerKeys.testStored(id),
              await raw(local, "POST", `/provider-keys/${id}/test`),
            );
          }
          for (const [, replacement] of pairs) {
            const region =
              replacement.provider === "bedrock"
                ? Object.keys(replacement.credentials as object).find((r) => r !== "global")
                : undefined;
            const query = {
              provider: replacement.provider,
              api_key_id: "key_staging",
              ...(region === undefined ? {} : { region }),
            };
            shown.push(
              await client.providerKeys.resolve(query),
              await raw(local, "POST", "/provider-keys/resolve", query),
            );
            // The one call that hands a secret out, by design: all of it but `credentials` is clean.
            const { credentials, ...rest } = (await local.resolve(query)) as {
              status: string;
              credentials?: unknown;
            };
            shown.push(rest);
            if (rest.status === "resolved") {
              const handedOut = pairs
                .filter(([a]) => a.provider === replacement.provider)
                .flatMap(([, b]) => b.secrets);
              expect(handedOut.some((secret) => holdsSecret(credentials, secret))).toBe(true);
            } else {
              expect(credentials).toBeUndefined();
            }
          }
          for await (const key of client.apiKeys.list()) shown.push(key);

          expectNoLeak(shown, secrets, "records, results and headers");
          expectNoLeak(api.urls(), secrets, "URLs sent to the API");
          expectNoLeak(provider.urls(), secrets, "URLs sent to providers");
          expectNoLeak([client, local, store], secrets, "client, backend and store objects");
          expectNoLeak(
            [
              inspect(client),
              inspect(local),
              inspect(store),
              JSON.stringify({ client, local, store }),
            ],
            secrets,
            "inspect and JSON of the SDK objects",
          );
          expectNoLeak(console_.printed(), secrets, "console output");
        },
      ),
      assertOptions(40),
    );
  });
});
