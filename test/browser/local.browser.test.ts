/**
 * `byokit/local` as a browser gets it (`src/local/browser.ts`, the `browser` export condition):
 * the Console API in-process over a memory store, inside Chromium; the Node-only parts say so.
 */
import { describe, expect, it } from "vitest";
import { createClient } from "../../src/client/create-client.js";
import { ByokError } from "../../src/errors/byok-error.js";
import { createLocalBackend, fileStore, memoryStore, serve } from "../../src/local/browser.js";
import { fakeAwsRegion } from "../client/fixtures.js";
import { clientContractSuite } from "../client/suite.js";
import { API_KEY_IDS } from "./setup/shared-inputs.js";

const apiKeys = API_KEY_IDS.map((id) => ({ id, name: id.slice(4) }));
/** Provider probes answer as a healthy provider would; nothing leaves the page. */
const providerFetch = async () => Response.json({ object: "list", data: [] });

clientContractSuite("the browser build of byokit/local, in-process in Chromium", async () => {
  const local = createLocalBackend({ store: memoryStore(), apiKeys, fetch: providerFetch });
  const client = createClient({
    organizationId: "org_1",
    token: "any-bearer-in-process",
    baseUrl: "http://byokit.local",
    fetch: local.fetch,
  });
  return { client, apiKeyIds: API_KEY_IDS };
});

describe("the browser build of byokit/local", () => {
  it("hands the matched Bedrock region entry to server-side resolution", async () => {
    const local = createLocalBackend({ apiKeys, organizationId: "org_1" });
    const client = createClient({
      organizationId: "org_1",
      token: "any-bearer-in-process",
      baseUrl: "http://byokit.local",
      fetch: local.fetch,
    });
    const paris = fakeAwsRegion();
    await client.providerKeys.create({
      provider: "bedrock",
      name: "AWS",
      provider_key: { "eu-west-3": paris, global: fakeAwsRegion() },
    });

    const answer = await local.resolve({ provider: "bedrock", region: "eu-west-3" });
    expect(answer).toMatchObject({
      status: "resolved",
      region: { requested: "eu-west-3", matched: "eu-west-3" },
      credentials: paris,
    });
  });

  it.each([
    ["fileStore", () => fileStore()],
    ["serve", () => serve()],
  ])("makes %s() throw a ByokError that points to memoryStore()", (name, call) => {
    expect(call).toThrow(ByokError);
    expect(call).toThrow(`${name}() needs Node.js`);
    expect(call).toThrow("in a browser use memoryStore()");
  });
});
