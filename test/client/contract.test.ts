import { setupServer } from "msw/node";
import { afterAll, beforeAll } from "vitest";
import { createClient } from "../../src/client/create-client.js";
import { createFakeConsoleApi } from "./fake-console-api.js";
import { clientContractSuite } from "./suite.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

clientContractSuite("msw fake of the Console API", async () => {
  const token = "console_token_FAKE_contract";
  const apiKeyIds = ["key_staging", "key_production"];
  const fake = createFakeConsoleApi({
    baseUrl: "https://api.edgee.app",
    organizationId: "org_1",
    token,
    apiKeys: apiKeyIds.map((id) => ({ id, name: id.slice(4) })),
  });
  server.resetHandlers(...fake.handlers);
  return { client: createClient({ organizationId: "org_1", token }), apiKeyIds };
});
