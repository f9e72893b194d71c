import { describe, expect, it } from "vitest";
import { mergeCredentials } from "../../src/local/merge-credentials.js";
import { fakeRegion } from "./helpers.js";
import { validationErrorOf } from "./validation-error-of.js";

/** The issues of the ValidationError `run` throws (the test fails if it returns). */
const issuesOf = (run: () => unknown) => validationErrorOf(run).issues;

describe("mergeCredentials (Bedrock updates)", () => {
  it("names the region whose new secret comes without its access key id", () => {
    const stored = { "us-east-1": fakeRegion() };
    const { secret_access_key } = fakeRegion();
    expect(
      issuesOf(() => mergeCredentials("bedrock", stored, { "us-east-1": { secret_access_key } })),
    ).toEqual([
      {
        path: "provider_key.us-east-1.access_key_id",
        message: "is required with a new secret_access_key",
      },
    ]);
  });

  it("names the region whose access key id changed without a new secret", () => {
    const stored = { "us-east-1": fakeRegion() };
    const { access_key_id } = fakeRegion();
    expect(
      issuesOf(() => mergeCredentials("bedrock", stored, { "us-east-1": { access_key_id } })),
    ).toEqual([
      {
        path: "provider_key.us-east-1.secret_access_key",
        message: "is required when the region's access_key_id changes",
      },
    ]);
  });

  it("keeps a region without a session token free of one", () => {
    const region = fakeRegion();
    const merged = mergeCredentials("bedrock", { "us-east-1": region }, { "us-east-1": {} });
    expect(merged).toStrictEqual({ "us-east-1": region });
    expect(Object.keys((merged as Record<string, object>)["us-east-1"]!)).toEqual([
      "access_key_id",
      "secret_access_key",
    ]);
  });
});
