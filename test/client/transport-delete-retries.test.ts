/**
 * A delete retried after an attempt that may have been applied counts a 404 as "already
 * gone", and nothing else: any other ending of the retry is reported as it is.
 */
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import {
  ConflictError,
  ConnectionError,
  NotFoundError,
  PreconditionFailedError,
} from "../../src/errors/index.js";
import { API, apiError, sequence, testClient, useMockServer } from "./harness.js";

const { server, sent } = useMockServer();
const client = testClient();

const lost = () => apiError(502, "api_error", "bad gateway");
const reset = () => HttpResponse.error();

describe("a provider key delete retried after a lost answer", () => {
  it("reports a 412 that ends it: the key is still there, in another version", async () => {
    const stale = () => apiError(412, "precondition_failed_error", "the key changed");
    server.use(http.delete(`${API}/provider-keys/pk_1`, sequence(lost, stale)));
    const error = await client.providerKeys
      .delete("pk_1", { ifMatch: 1 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect((error as Error).message).toBe(
      "DELETE /v1/organizations/org_1/provider-keys/pk_1… → 412 precondition_failed_error: the key changed",
    );
    expect(sent).toHaveLength(2);
  });

  it("reports a 409 that ends it", async () => {
    const conflict = () => apiError(409, "conflict_error", "still assigned");
    server.use(http.delete(`${API}/provider-keys/pk_1`, sequence(lost, conflict)));
    await expect(client.providerKeys.delete("pk_1")).rejects.toBeInstanceOf(ConflictError);
  });

  it("is a ConnectionError when every retry loses its connection", async () => {
    server.use(http.delete(`${API}/provider-keys/pk_1`, sequence(lost, reset)));
    const error = await client.providerKeys.delete("pk_1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe(
      "DELETE /v1/organizations/org_1/provider-keys/pk_1… → network error or blocked by CORS",
    );
    expect(sent).toHaveLength(3);
  });
});

describe("an API key delete", () => {
  it("counts a 404 after a lost answer as deleted", async () => {
    const gone = () => apiError(404, "not_found_error", "no such API key");
    server.use(http.delete(`${API}/api_keys/key_1`, sequence(reset, gone)));
    await expect(client.apiKeys.delete("key_1")).resolves.toBeUndefined();
    expect(sent.map((request) => request.method)).toEqual(["DELETE", "DELETE"]);
  });

  it("reports a 404 on its first attempt as NotFoundError", async () => {
    server.use(
      http.delete(`${API}/api_keys/key_1`, () => apiError(404, "not_found_error", "no such key")),
    );
    await expect(client.apiKeys.delete("key_1")).rejects.toBeInstanceOf(NotFoundError);
    expect(sent).toHaveLength(1);
  });
});
