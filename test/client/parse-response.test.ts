import { describe, expect, it } from "vitest";
import {
  toListPage,
  toProviderKey,
  toResolution,
  toTestResult,
  UnexpectedResponse,
} from "../../src/client/parse-response.js";

const edgeeRecord = {
  id: "pk_edgee",
  provider: "anthropic",
  name: "Claude",
  created_at: "2025-02-01T10:00:00Z",
};

const item = (value: unknown, at: string) => toProviderKey(value, at);
const URL_ = "/v1/organizations/org_1/provider-keys";

/** The message of the UnexpectedResponse `run` throws (fails when it throws nothing else). */
function unexpected(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UnexpectedResponse);
    return (error as Error).message;
  }
  return expect.fail("nothing was thrown");
}

describe("toProviderKey: a record read leniently, and only its known fields", () => {
  it("reads created_by when it is a string, null otherwise", () => {
    expect(toProviderKey({ ...edgeeRecord, created_by: "u_1" }).created_by).toBe("u_1");
    expect(toProviderKey({ ...edgeeRecord, created_by: 7 }).created_by).toBeNull();
  });

  it("keeps a preview object, updated_at and a finite version; drops malformed ones", () => {
    const preview = { kind: "api_key", hint: "sk-…abcd" };
    const full = toProviderKey({
      ...edgeeRecord,
      preview,
      updated_at: "2025-03-01T00:00:00Z",
      version: 12,
    });
    expect(full).toMatchObject({ preview, updated_at: "2025-03-01T00:00:00Z", version: 12 });
    const odd = toProviderKey({
      ...edgeeRecord,
      preview: ["not", "an", "object"],
      updated_at: 5,
      version: Number.POSITIVE_INFINITY,
    });
    expect(odd).not.toHaveProperty("preview");
    expect(odd).not.toHaveProperty("updated_at");
    expect(odd).not.toHaveProperty("version");
    expect(toProviderKey({ ...edgeeRecord, preview: null })).not.toHaveProperty("preview");
    expect(toProviderKey({ ...edgeeRecord, version: "3" })).not.toHaveProperty("version");
  });

  it.each([
    ["a body that is not an object", null, "body must be an object"],
    ["a list instead of a record", [edgeeRecord], "body must be an object"],
    ["a missing id", { ...edgeeRecord, id: undefined }, "body.id must be a string"],
    ["a numeric provider", { ...edgeeRecord, provider: 1 }, "body.provider must be a string"],
    ["a missing name", { ...edgeeRecord, name: undefined }, "body.name must be a string"],
    ["a numeric date", { ...edgeeRecord, created_at: 0 }, "body.created_at must be a string"],
    [
      "api_key_ids that are not strings",
      { ...edgeeRecord, api_key_ids: ["key_a", 2] },
      "body.api_key_ids must be a list of strings",
    ],
    [
      "api_key_ids that is a string",
      { ...edgeeRecord, api_key_ids: "key_a" },
      "body.api_key_ids must be a list of strings",
    ],
    ["a textual active", { ...edgeeRecord, active: "true" }, "body.active must be a boolean"],
  ])("refuses %s, naming the field", (_, body, message) => {
    expect(unexpected(() => toProviderKey(body))).toBe(message);
  });

  it("names where the record sits", () => {
    expect(unexpected(() => toProviderKey({}, "data[3]"))).toBe("data[3].id must be a string");
  });
});

describe("toListPage: a page of a list", () => {
  it("reads a raw array as the one and last page", () => {
    expect(toListPage([edgeeRecord], item, URL_, undefined)).toEqual({
      object: "list",
      url: URL_,
      has_more: false,
      last_key: null,
      data: [toProviderKey(edgeeRecord)],
    });
  });

  it("names the entry of a raw array that is malformed", () => {
    expect(unexpected(() => toListPage([edgeeRecord, {}], item, URL_, undefined))).toBe(
      "body[1].id must be a string",
    );
  });

  it("reads the envelope: its url, has_more and last_key", () => {
    const page = toListPage(
      { url: "/elsewhere", has_more: true, last_key: "pk_edgee", data: [edgeeRecord] },
      item,
      URL_,
      undefined,
    );
    expect(page).toEqual({
      object: "list",
      url: "/elsewhere",
      has_more: true,
      last_key: "pk_edgee",
      data: [toProviderKey(edgeeRecord)],
    });
  });

  it("says the last page has no more, even when it carries a last_key", () => {
    const page = toListPage(
      { has_more: false, last_key: "pk_edgee", data: [edgeeRecord] },
      item,
      URL_,
      "pk_before",
    );
    expect(page.has_more).toBe(false);
    expect(page.last_key).toBe("pk_edgee");
    expect(page.url).toBe(URL_);
  });

  it.each([
    [
      "has_more that is not the boolean true",
      { has_more: "true", last_key: "pk_2" },
      false,
      "pk_2",
    ],
    ["has_more without a last_key", { has_more: true }, false, null],
    ["has_more with an empty last_key", { has_more: true, last_key: "" }, false, null],
    ["a numeric last_key", { has_more: true, last_key: 2 }, false, null],
  ])("reads %s as the last page", (_, fields, hasMore, lastKey) => {
    const page = toListPage({ ...fields, data: [] }, item, URL_, undefined);
    expect([page.has_more, page.last_key]).toEqual([hasMore, lastKey]);
  });

  it("refuses a next page that would start where this one started (an endless iteration)", () => {
    expect(
      unexpected(() =>
        toListPage({ has_more: true, last_key: "pk_5", data: [] }, item, URL_, "pk_5"),
      ),
    ).toBe("body.last_key repeats the start_key it was asked for");
  });

  it("accepts a last page whose last_key repeats the start key", () => {
    const page = toListPage({ has_more: false, last_key: "pk_5", data: [] }, item, URL_, "pk_5");
    expect(page.has_more).toBe(false);
  });

  it.each([
    ["data that is an object", { data: { 0: edgeeRecord } }, "body.data must be a list"],
    ["no data", {}, "body.data must be a list"],
    ["a body that is a string", "[]", "body must be an object"],
  ])("refuses %s", (_, body, message) => {
    expect(unexpected(() => toListPage(body, item, URL_, undefined))).toBe(message);
  });

  it("names the malformed entry of the envelope's data", () => {
    expect(unexpected(() => toListPage({ data: [{}] }, item, URL_, undefined))).toBe(
      "data[0].id must be a string",
    );
  });
});

describe("toResolution: the server's answer of which key serves", () => {
  it.each([
    ["no status", {}],
    ["an unknown status", { status: "resolving" }],
    ["a numeric status", { status: 1 }],
    ["a status inherited from Object", { status: "toString" }],
  ])("refuses %s", (_, body) => {
    expect(unexpected(() => toResolution(body))).toBe(
      "body.status must be resolved, unassigned, region_unavailable or rejected",
    );
  });

  it("refuses a body that is not an object", () => {
    expect(unexpected(() => toResolution([]))).toBe("body must be an object");
  });

  it("reads unassigned with its explanation, or an empty one", () => {
    expect(toResolution({ status: "unassigned", explanation: "shared keys" })).toEqual({
      status: "unassigned",
      explanation: "shared keys",
    });
    expect(toResolution({ status: "unassigned", explanation: 3 })).toEqual({
      status: "unassigned",
      explanation: "",
    });
  });

  it("reads region_unavailable with no keys as an empty list, and refuses keys that are no list", () => {
    expect(toResolution({ status: "region_unavailable", scope: "organization" })).toEqual({
      status: "region_unavailable",
      scope: "organization",
      keys: [],
      explanation: "",
    });
    expect(
      unexpected(() =>
        toResolution({ status: "region_unavailable", scope: "organization", keys: {} }),
      ),
    ).toBe("body.keys must be a list");
    expect(unexpected(() => toResolution({ status: "region_unavailable" }))).toBe(
      "body.scope must be a string",
    );
  });

  it("names a malformed key of a list by its index", () => {
    expect(
      unexpected(() =>
        toResolution({
          status: "region_unavailable",
          scope: "organization",
          keys: [edgeeRecord, {}],
        }),
      ),
    ).toBe("body.keys[1].id must be a string");
  });

  it("reads resolved: key, scope, shadowed and explanation; no region when none was sent", () => {
    const answer = toResolution({
      status: "resolved",
      key: edgeeRecord,
      scope: "organization",
      explanation: "the default",
    });
    expect(answer).toEqual({
      status: "resolved",
      key: toProviderKey(edgeeRecord),
      scope: "organization",
      shadowed: [],
      explanation: "the default",
    });
    expect(answer).not.toHaveProperty("region");
    expect(unexpected(() => toResolution({ status: "resolved", scope: "organization" }))).toBe(
      "body.key must be an object",
    );
  });

  it("reads the region entry, matched defaulting to the region asked", () => {
    const base = { status: "resolved", key: edgeeRecord, scope: "api_key" };
    expect(
      toResolution({ ...base, region: { requested: "eu-west-1", matched: "global" } }),
    ).toMatchObject({
      region: { requested: "eu-west-1", matched: "global" },
    });
    expect(toResolution({ ...base, region: { requested: "eu-west-1" } })).toMatchObject({
      region: { requested: "eu-west-1", matched: "eu-west-1" },
    });
    expect(toResolution({ ...base, region: { matched: "global" } })).not.toHaveProperty("region");
    expect(toResolution({ ...base, region: "eu-west-1" })).not.toHaveProperty("region");
  });
});

describe("toTestResult: a credential test's result", () => {
  const secret = "sk-test-Zq81mXv0Lp3RtYw9Nb4KcE7uHs2Jd6Fa";

  it("reads every field, scrubbing the secret from the message", () => {
    expect(
      toTestResult(
        {
          ok: false,
          status: "invalid_credentials",
          message: `Incorrect API key provided: ${secret}`,
          latency_ms: 40,
          http_status: 401,
        },
        [secret],
      ),
    ).toEqual({
      ok: false,
      status: "invalid_credentials",
      message: expect.stringMatching(/^Incorrect API key provided: /),
      latency_ms: 40,
      http_status: 401,
    });
    const result = toTestResult({ ok: false, status: "invalid_credentials", message: secret }, [
      secret,
    ]);
    expect(result.message).not.toContain(secret.slice(8, 20));
  });

  it("defaults a missing message to empty and a missing latency to 0, with no http_status", () => {
    const result = toTestResult(
      { ok: true, status: "valid", latency_ms: "9", http_status: "200" },
      [],
    );
    expect(result).toEqual({ ok: true, status: "valid", message: "", latency_ms: 0 });
  });

  it.each([
    ["a body that is not an object", [{ ok: true, status: "valid" }], "body must be an object"],
    ["a textual ok", { ok: "true", status: "valid" }, "body.ok must be a boolean"],
    ["no ok", { status: "valid" }, "body.ok must be a boolean"],
    ["no status", { ok: true }, "body.status must be a string"],
  ])("refuses %s", (_, body, message) => {
    expect(unexpected(() => toTestResult(body, []))).toBe(message);
  });

  it("keeps each Bedrock region's status and message, scrubbed", () => {
    const result = toTestResult(
      {
        ok: false,
        status: "permission_denied",
        message: "one region failed",
        latency_ms: 80,
        regions: [
          { region: "eu-west-1", ok: true, status: "valid", message: "accepted" },
          { region: "global", ok: false, status: "permission_denied", message: `denied ${secret}` },
          { region: "us-east-1", ok: "yes", status: "timeout" },
        ],
      },
      [secret],
    );
    expect(result.regions).toEqual([
      { region: "eu-west-1", ok: true, status: "valid", message: "accepted" },
      {
        region: "global",
        ok: false,
        status: "permission_denied",
        message: expect.stringMatching(/^denied /),
      },
      { region: "us-east-1", ok: false, status: "timeout", message: "" },
    ]);
    expect(JSON.stringify(result)).not.toContain(secret.slice(8, 20));
  });

  it("has no regions when the server sent none as a list", () => {
    expect(toTestResult({ ok: true, status: "valid", regions: {} }, [])).not.toHaveProperty(
      "regions",
    );
  });

  it.each([
    ["a region that is not an object", ["eu-west-1"], "body.regions[0] must be an object"],
    [
      "a region without its code",
      [{ ok: true, status: "valid" }],
      "body.regions[0].region must be a string",
    ],
    [
      "a region without its status",
      [{ region: "global", ok: true }],
      "body.regions[0].status must be a string",
    ],
  ])("refuses %s", (_, regions, message) => {
    expect(unexpected(() => toTestResult({ ok: false, status: "timeout", regions }, []))).toBe(
      message,
    );
  });
});
