import { describe, expect, it } from "vitest";
import { ByokError } from "../../src/errors/byok-error.js";
import * as browser from "../../src/local/browser.js";
import * as node from "../../src/local/index.js";

describe("byokit/local's browser build", () => {
  it("exports the same names as the Node build", () => {
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
  });

  it("serves the API over a memory store", async () => {
    const local = browser.createLocalBackend({ store: browser.memoryStore() });
    const response = await local.fetch("/v1/organizations/org_1/provider-keys", {
      headers: { authorization: "Bearer any" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
  });

  const nodeOnly = {
    fileStore: browser.fileStore,
    serve: browser.serve,
    postgresStore: browser.postgresStore,
    migrate: browser.migrate,
    rotateMasterKey: browser.rotateMasterKey,
  } as Record<string, () => unknown>;
  it.each(Object.keys(nodeOnly))("makes %s() throw a ByokError that says why", (name) => {
    const call = () => nodeOnly[name]!();
    expect(call).toThrow(ByokError);
    expect(call).toThrow(/needs Node\.js.*memoryStore\(\)/);
  });
});
