/**
 * What a call rejects with when its `fetch` itself fails: byokit's own errors pass as they
 * are; anything else is a ConnectionError naming the method and path.
 */
import { describe, expect, it } from "vitest";
import { ByokError, ConnectionError, ValidationError } from "../../src/errors/index.js";
import { testClient } from "./harness.js";

const failingWith = (failure: unknown) =>
  testClient({
    maxRetries: 0,
    fetch: async () => {
      throw failure;
    },
  });

describe("a fetch that throws", () => {
  it("passes an error of byokit's own on as it is", async () => {
    const refused = new ValidationError([
      { path: "url", message: "must not be a private address" },
    ]);
    await expect(failingWith(refused).providerKeys.get("pk_1")).rejects.toBe(refused);
    const own = new ByokError("refused by the egress policy");
    await expect(failingWith(own).apiKeys.get("key_1")).rejects.toBe(own);
  });

  it("wraps anything else in a ConnectionError naming the method and path", async () => {
    const failure = new TypeError("fetch failed");
    const error = await failingWith(failure)
      .organizations.get("org_1")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe(
      "GET /v1/organizations/org_1 → network error or blocked by CORS",
    );
    expect((error as ConnectionError).cause).toBe(failure);
  });
});
