/**
 * The client contract suite against the real local backend, two ways: in-process (the
 * backend's own `fetch`) and over real HTTP through `serve` on a loopback port.
 */
import { createClient } from "../../src/client/create-client.js";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { memoryStore } from "../../src/local/memory-store.js";
import { serve } from "../../src/local/serve.js";
import { clientContractSuite } from "./suite.js";

const token = "console_token_FAKE_local";
const apiKeyIds = ["key_staging", "key_production"];

/** Provider probes answer as a healthy provider would; nothing leaves the machine. */
const providerFetch = async () => Response.json({ object: "list", data: [] });

function backend() {
  return createLocalBackend({
    store: memoryStore(),
    token,
    organizationId: "org_1",
    apiKeys: apiKeyIds.map((id) => ({ id, name: id.slice(4) })),
    fetch: providerFetch,
  });
}

clientContractSuite("local backend, in-process", async () => {
  const local = backend();
  const client = createClient({
    organizationId: "org_1",
    token,
    baseUrl: "http://byokit.local",
    fetch: local.fetch,
  });
  return { client, apiKeyIds };
});

clientContractSuite("local backend over HTTP (serve on 127.0.0.1, port 0)", async () => {
  const server = await serve(backend(), { port: 0, host: "127.0.0.1" });
  const client = createClient({ organizationId: "org_1", token, baseUrl: server.url });
  return { client, apiKeyIds, teardown: () => server.close() };
});
