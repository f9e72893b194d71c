import { describe, expect, it } from "vitest";
import { checkIfMatch, etagOf } from "../../../src/local/http/if-match.js";
import { HttpError } from "../../../src/local/http/responses.js";

function request(ifMatch?: string): Request {
  return new Request("http://127.0.0.1/v1/provider-keys/pk_1", {
    method: "PATCH",
    headers: ifMatch === undefined ? {} : { "If-Match": ifMatch },
  });
}

/** The HttpError `checkIfMatch` throws, or undefined when it passes. */
function refusal(ifMatch: string | undefined, current: number | undefined): HttpError | undefined {
  try {
    checkIfMatch(request(ifMatch), current);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    return error as HttpError;
  }
}

describe("etagOf", () => {
  it("quotes the version, 0 for a record without one", () => {
    expect(etagOf(12)).toBe('"12"');
    expect(etagOf(undefined)).toBe('"0"');
  });
});

describe("checkIfMatch", () => {
  it.each([
    ["no If-Match", undefined, 3],
    ["*", "*", 3],
    ["* in a list", '"1", *', 3],
    ["the current version, quoted", '"3"', 3],
    ["a bare version", "3", 3],
    ["a two-digit version", '"12"', 12],
    ["a 15-digit version", '"123456789012345"', 123456789012345],
    ["a list naming the current version last", '"1", "2",  "12"', 12],
    ["a list naming it first", '"12","1"', 12],
    ["version 0 for a record without one", '"0"', undefined],
  ])("passes %s", (_, ifMatch, current) => {
    expect(refusal(ifMatch, current)).toBeUndefined();
  });

  it.each([
    ["a tag too long", '"1234567890123456"'],
    ["a mismatched quote", '"3'],
    ["a word", "latest"],
    ["a negative version", '"-1"'],
    ["an empty tag in a list", '"3", '],
    ["a malformed tag after a good one", '"3", "x"'],
    ["text after a closing quote", '"3"x'],
  ])("refuses %s as malformed (400), whatever the stored version", (_, ifMatch) => {
    const error = refusal(ifMatch, 3);
    expect(error?.status).toBe(400);
    expect(error?.type).toBe("invalid_request_error");
    expect(error?.params).toEqual([
      { param: "If-Match", message: 'must be a version (an ETag such as "3") or *' },
    ]);
  });

  it("refuses an older version (412): the key changed since", () => {
    const error = refusal('"9"', 12);
    expect(error?.status).toBe(412);
    expect(error?.type).toBe("precondition_failed_error");
    expect(error?.message).toBe(
      "version 9 does not match the stored version 12 (it changed since that version was read); read the key again and retry",
    );
    expect(error?.params).toEqual([
      { param: "If-Match", message: "names a stale version, or a weak tag, which never matches" },
    ]);
  });

  it("refuses versions all newer than the stored one: the key never had them", () => {
    expect(refusal('"13", "20"', 12)?.message).toBe(
      "version 13 or 20 does not match the stored version 12 (the key never had that version); read the key again and retry",
    );
  });

  it("refuses a list with older and newer versions as changed since", () => {
    expect(refusal('"11", "13"', 12)?.message).toContain(
      "(it changed since that version was read)",
    );
  });

  it("refuses the current version sent as a weak tag: strong comparison", () => {
    const error = refusal('W/"12"', 12);
    expect(error?.status).toBe(412);
    expect(error?.message).toBe(
      "version 12 does not match the stored version 12 (a weak tag never matches); read the key again and retry",
    );
  });

  it("passes a list where a weak tag is followed by the strong current one", () => {
    expect(refusal('W/"12", "12"', 12)).toBeUndefined();
  });
});
