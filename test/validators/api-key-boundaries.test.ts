import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/validation-error.js";
import { authorizationHeaders } from "../../src/validators/authorization-headers.js";
import { randomText } from "./helpers.js";

// authorizationHeaders() takes a well-formed key as it is, on every request of a gateway, and
// sends any other value through the provider_key schema: both must draw the same lines.
describe("authorizationHeaders and the length of an API key", () => {
  it.each([8, 1024])("takes a key of %i characters", async (length) => {
    const key = randomText(length);
    expect(await authorizationHeaders("openai", key)).toEqual({ authorization: `Bearer ${key}` });
  });

  it.each([
    [7, "must be at least 8 characters"],
    [1025, "must be at most 1024 characters"],
  ])("refuses a key of %i characters: %s", async (length, message) => {
    const error = await authorizationHeaders("openai", randomText(length)).catch(
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: "credentials", message }]);
  });

  it("refuses an array of 8 printable strings, which has a length but is no key", async () => {
    const notAKey = Array.from({ length: 8 }, () => randomText(4));
    const error = await authorizationHeaders("openai", notAKey as never).catch(
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: "credentials", message: "must be the API key, a string" },
    ]);
  });
});
