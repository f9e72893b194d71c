/**
 * `UnexpectedResponse`, what a parser throws at a 2xx body that breaks the API's promise: one
 * of byokit's errors, named in a stack trace, and always turned by the transport into an
 * `ApiError` of type `unexpected_response` that carries the status and the path.
 */
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { UnexpectedResponse } from "../../src/client/unexpected-response.js";
import { ApiError, ByokError } from "../../src/errors/index.js";
import { API, testClient, useMockServer } from "./harness.js";

const { server } = useMockServer();
const client = testClient();

describe("UnexpectedResponse", () => {
  it("is a ByokError named UnexpectedResponse", () => {
    const error = new UnexpectedResponse("body.id must be a string");
    expect(error).toBeInstanceOf(ByokError);
    expect(error.name).toBe("UnexpectedResponse");
    expect(String(error)).toBe("UnexpectedResponse: body.id must be a string");
  });

  it("reaches the caller as an ApiError with the answer's status, path and request id", async () => {
    server.use(
      http.get(`${API}/api_keys/key_1/reveal`, () =>
        HttpResponse.json(
          { id: "key_1", name: "prod" },
          { status: 203, headers: { "x-request-id": "req_reveal_1" } },
        ),
      ),
    );
    const error = await client.apiKeys.reveal("key_1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(UnexpectedResponse);
    expect(error).toMatchObject({
      status: 203,
      type: "unexpected_response",
      requestId: "req_reveal_1",
      method: "GET",
      path: "/v1/organizations/org_1/api_keys/key_1…/reveal",
    });
    expect((error as Error).message).toBe(
      "GET /v1/organizations/org_1/api_keys/key_1…/reveal → 203 unexpected_response: body.key must be a string",
    );
  });
});
