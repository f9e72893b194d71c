import { describe, expect, it } from "vitest";
import { ByokError } from "../../src/errors/byok-error.js";
import { ConnectionError } from "../../src/errors/connection-error.js";
import { TimeoutError } from "../../src/errors/timeout-error.js";
import { ValidationError } from "../../src/errors/validation-error.js";

describe("ValidationError", () => {
  const issues = [
    { path: "name", message: "must be at most 100 characters" },
    { path: "provider_key.us-east-1.access_key_id", message: "must be an AWS access key id" },
  ];

  it("lists every issue as `path: message`, separated by semicolons", () => {
    const error = new ValidationError(issues);
    expect(error.message).toBe(
      "name: must be at most 100 characters; provider_key.us-east-1.access_key_id: must be an AWS access key id",
    );
    expect(error.issues).toEqual(issues);
  });

  it("puts its context first and shows an issue without a path as its message alone", () => {
    const error = new ValidationError([{ path: "", message: "must not be empty" }], "create");
    expect(error.message).toBe("create: must not be empty");
  });

  it("is a ByokError named ValidationError whose issues cannot be changed", () => {
    const error = new ValidationError(issues);
    expect(error).toBeInstanceOf(ByokError);
    expect(error.name).toBe("ValidationError");
    expect(Object.isFrozen(error.issues)).toBe(true);
    expect(Object.isFrozen(error.issues[0])).toBe(true);
    issues[0]!.message = "changed";
    expect(error.issues[0]!.message).toBe("must be at most 100 characters");
  });

  it("serialises to its name and issues", () => {
    const error = new ValidationError([{ path: "name", message: "must not be empty" }]);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "ValidationError",
      issues: [{ path: "name", message: "must not be empty" }],
    });
  });
});

describe("transport errors", () => {
  it.each([
    [ConnectionError, "ConnectionError"],
    [TimeoutError, "TimeoutError"],
  ] as const)("%s is a ByokError with its own name", (ErrorClass, name) => {
    const error = new ErrorClass("no answer");
    expect(error).toBeInstanceOf(ByokError);
    expect(error.name).toBe(name);
    expect(error.message).toBe("no answer");
  });
});
