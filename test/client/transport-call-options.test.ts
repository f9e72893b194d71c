/**
 * A call's own options (`timeoutMs`, `maxRetries`, `signal`) obey the client's rules: a bad one
 * is a ValidationError naming it and its range, every bad one at once, and nothing is sent.
 */
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/index.js";
import { API, record, testClient, useMockServer } from "./harness.js";

const { server, sent } = useMockServer();
const client = testClient();

const TIMEOUT_ISSUE = { path: "timeoutMs", message: "must be a whole number from 1 to 2147483647" };
const RETRIES_ISSUE = { path: "maxRetries", message: "must be a whole number from 0 to 10" };
const SIGNAL_ISSUE = { path: "signal", message: "must be an AbortSignal" };

async function rejection(call: Promise<unknown>): Promise<ValidationError> {
  const error = await call.then(
    () => expect.fail("expected a ValidationError"),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe("a call's options", () => {
  it.each([0, 2_147_483_648, 1.5])("refuses a timeoutMs of %d, naming it", async (timeoutMs) => {
    const error = await rejection(client.providerKeys.get("pk_1", { timeoutMs }));
    expect(error.issues).toEqual([TIMEOUT_ISSUE]);
    expect(sent).toHaveLength(0);
  });

  it.each([-1, 11])("refuses a maxRetries of %d, naming it", async (maxRetries) => {
    const error = await rejection(client.providerKeys.delete("pk_1", { maxRetries }));
    expect(error.issues).toEqual([RETRIES_ISSUE]);
    expect(sent).toHaveLength(0);
  });

  it("refuses a signal that is not an AbortSignal", async () => {
    const signal = { aborted: false, addEventListener() {} } as unknown as AbortSignal;
    const error = await rejection(client.apiKeys.get("key_1", { signal }));
    expect(error.issues).toEqual([SIGNAL_ISSUE]);
    expect(sent).toHaveLength(0);
  });

  it("reports every bad option of a call at once, in order", async () => {
    const error = await rejection(
      client.organizations.get("org_1", {
        timeoutMs: -1,
        maxRetries: 99,
        signal: "stop" as unknown as AbortSignal,
      }),
    );
    expect(error.issues).toEqual([TIMEOUT_ISSUE, RETRIES_ISSUE, SIGNAL_ISSUE]);
    expect(error.message).toBe(
      "timeoutMs: must be a whole number from 1 to 2147483647; maxRetries: must be a whole number from 0 to 10; signal: must be an AbortSignal",
    );
    expect(sent).toHaveLength(0);
  });

  it("takes the widest values of both ranges", async () => {
    server.use(http.get(`${API}/provider-keys/pk_1`, () => HttpResponse.json(record())));
    await expect(
      client.providerKeys.get("pk_1", { timeoutMs: 2_147_483_647, maxRetries: 10 }),
    ).resolves.toMatchObject({ id: "pk_1" });
    expect(sent).toHaveLength(1);
  });
});
