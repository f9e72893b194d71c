import { describe, expect, it } from "vitest";
import {
  answer,
  classifyByStatus,
  hasDataArray,
  rateLimited,
  successOrUnexpected,
} from "../../src/validators/classify.js";
import type { ProviderResponse } from "../../src/validators/provider-response.js";

function response(
  status: number,
  body?: unknown,
  headers?: Record<string, string>,
): ProviderResponse {
  return { status, body, headers: new Headers(headers) };
}

const LABEL = "Example AI";

describe("classifyByStatus: the outcome of each kind of answer", () => {
  it.each([
    [200, "valid"],
    [201, "valid"],
    [299, "valid"],
  ])("a %i with the expected body is valid", (status, expected) => {
    const outcome = classifyByStatus(LABEL, response(status, { data: [] }), hasDataArray);
    expect(outcome).toEqual({
      status: expected,
      message: "Example AI accepted the credentials.",
      http_status: status,
    });
  });

  it.each([199, 300, 304, 400, 404, 418, 499])(
    "a %i is unexpected and names its status, even with the expected body",
    (status) => {
      const outcome = classifyByStatus(LABEL, response(status, { data: [] }), hasDataArray);
      expect(outcome).toEqual({
        status: "unexpected_response",
        message: `Example AI answered ${status}, which byokit does not expect here; test again, and check the provider's status page.`,
        http_status: status,
      });
    },
  );

  it("a 2xx whose body is not the expected one is unexpected, not valid", () => {
    const outcome = classifyByStatus(LABEL, response(200, {}), hasDataArray);
    expect(outcome).toEqual({
      status: "unexpected_response",
      message:
        "Example AI answered 200 with a body byokit does not recognise; check that no proxy rewrites the answer, then test again.",
      http_status: 200,
    });
  });

  it("a 401 means the key was rejected", () => {
    expect(classifyByStatus(LABEL, response(401), hasDataArray)).toEqual({
      status: "invalid_credentials",
      message:
        "Example AI rejected the key (401): check that it was copied whole and not revoked, or create a new one.",
      http_status: 401,
    });
  });

  it("a 403 means the key was accepted but the request refused", () => {
    expect(classifyByStatus(LABEL, response(403), hasDataArray)).toEqual({
      status: "permission_denied",
      message:
        "Example AI accepted the key but refused the request (403): check the key's permissions and the account's settings.",
      http_status: 403,
    });
  });

  it("a generic 402 (no provider-specific wording) is a billing problem", () => {
    expect(classifyByStatus(LABEL, response(402), hasDataArray)).toEqual({
      status: "quota_exceeded",
      message:
        "Example AI reports a billing problem (402): add credit or check the account's billing.",
      http_status: 402,
    });
  });

  it("a 429 is rate limiting, with its Retry-After", () => {
    const outcome = classifyByStatus(
      LABEL,
      response(429, undefined, { "retry-after": "3" }),
      hasDataArray,
    );
    expect(outcome.status).toBe("rate_limited");
    expect(outcome.retry_after_ms).toBe(3000);
  });

  it.each([500, 502, 503, 599])(
    "a %i is a server error that says nothing about the key",
    (status) => {
      expect(classifyByStatus(LABEL, response(status), hasDataArray)).toEqual({
        status: "unexpected_response",
        message: `Example AI had a server error (${status}); nothing is known about the key: test again later.`,
        http_status: status,
      });
    },
  );
});

describe("successOrUnexpected", () => {
  it("asks the provider's own body check, with the body it received", () => {
    const seen: unknown[] = [];
    const body = { models: ["m"] };
    const outcome = successOrUnexpected(LABEL, response(200, body), (received) => {
      seen.push(received);
      return true;
    });
    expect(seen).toEqual([body]);
    expect(outcome.status).toBe("valid");
  });
});

describe("rateLimited: when to test again", () => {
  const message = (when: string, status = 429) =>
    `Example AI is rate limiting this key (${status}); the key itself was not rejected: ${when} and test again.`;

  it("says how many seconds to wait and keeps the wait in milliseconds", () => {
    expect(rateLimited(LABEL, response(429, undefined, { "retry-after": "2" }))).toEqual({
      status: "rate_limited",
      message: message("wait 2 s (Retry-After)"),
      http_status: 429,
      retry_after_ms: 2000,
    });
  });

  it("rounds a fractional wait up: 1.5 s is shown as 2 s, never a wait too short", () => {
    const outcome = rateLimited(LABEL, response(429, undefined, { "retry-after": "1.5" }));
    expect(outcome.message).toBe(message("wait 2 s (Retry-After)"));
    expect(outcome.retry_after_ms).toBe(1500);
  });

  it("without Retry-After says to wait a little and carries no wait", () => {
    const outcome = rateLimited(LABEL, response(503));
    expect(outcome).toEqual({
      status: "rate_limited",
      message: message("wait a little", 503),
      http_status: 503,
    });
    expect(outcome).not.toHaveProperty("retry_after_ms");
  });

  it("quotes the provider's words after the advice", () => {
    const outcome = rateLimited(LABEL, response(429, { error: { message: "Slow down" } }));
    expect(outcome.message).toBe(`${message("wait a little")} Provider said: "Slow down"`);
  });
});

describe("answer: the provider's own words, shortened", () => {
  it("adds nothing when the provider said nothing", () => {
    expect(answer("invalid_credentials", response(401, {}), "Advice.")).toEqual({
      status: "invalid_credentials",
      message: "Advice.",
      http_status: 401,
    });
  });

  it("puts the provider's words on one line, trimmed", () => {
    const outcome = answer(
      "invalid_credentials",
      response(401, { message: "  Bad\n\tkey   here \n" }),
      "Advice.",
    );
    expect(outcome.message).toBe('Advice. Provider said: "Bad key here"');
  });

  it("keeps wording of exactly 160 characters whole", () => {
    const words = "x".repeat(160);
    const outcome = answer("permission_denied", response(403, { message: words }), "Advice.");
    expect(outcome.message).toBe(`Advice. Provider said: "${words}"`);
  });

  it("cuts longer wording to 159 characters and an ellipsis", () => {
    const words = `${"a".repeat(159)}bcdef`;
    const outcome = answer("permission_denied", response(403, { message: words }), "Advice.");
    expect(outcome.message).toBe(`Advice. Provider said: "${"a".repeat(159)}…"`);
  });

  it("measures the length after collapsing white space", () => {
    const words = `${"y".repeat(80)}\n\n\n${"z".repeat(79)}`;
    const outcome = answer("permission_denied", response(403, { message: words }), "Advice.");
    expect(outcome.message).toBe(`Advice. Provider said: "${"y".repeat(80)} ${"z".repeat(79)}"`);
  });
});

describe("hasDataArray: the OpenAI-like list shape", () => {
  it.each([
    [{ data: [] }, true],
    [{ data: [{ id: "m" }] }, true],
    [{}, false],
    [{ data: {} }, false],
    [{ data: "[]" }, false],
    [[], false],
    [null, false],
    [undefined, false],
    ["data", false],
  ])("%j → %s", (body, expected) => {
    expect(hasDataArray(body)).toBe(expected);
  });
});
