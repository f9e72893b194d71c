import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { formatPath, toValidationIssues } from "../../src/internal/to-validation-issues.js";
import { leakedWindow } from "../masking/leaks.js";
import { fakeAccessKeyId, fakeChars, fakeOpenAiKey } from "../providers/fixtures.js";

function issuesOf(schema: z.ZodMiniType, input: unknown, prefix: PropertyKey[] = []) {
  const result = schema.safeParse(input);
  if (result.success) return expect.unreachable("expected the schema to reject the input");
  return toValidationIssues(result.error.issues, prefix);
}

describe("formatPath", () => {
  it.each<[PropertyKey[], string]>([
    [[], ""],
    [["name"], "name"],
    [["provider_key", "us-east-1", "access_key_id"], "provider_key.us-east-1.access_key_id"],
    [
      ["provider_key", "us-gov-west-1", "secret_access_key"],
      "provider_key.us-gov-west-1.secret_access_key",
    ],
    [
      ["provider_key", "eusc-de-east-1", "session_token"],
      "provider_key.eusc-de-east-1.session_token",
    ],
    [["api_key_ids", 0], "api_key_ids[0]"],
    [["list", 2, "field"], "list[2].field"],
    [["provider_key", "US-EAST-1"], "provider_key.US-EAST-1"],
    [["provider_key", "us-east-1", "list", "0"], "provider_key.us-east-1.list.0"],
  ])("writes %j as %j", (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });

  it.each<[string, PropertyKey]>([
    ["an OpenAI key", fakeOpenAiKey(1100)],
    ["an AWS access key id", fakeAccessKeyId(1101)],
    ["a 17-character mixed-case token", fakeChars(17, 1102)],
    ["a key with a space", "us-east-1 "],
    ["a key with a dot", "a.b"],
    ["an empty key", ""],
    ["a symbol", Symbol("secret")],
    ["a long lowercase name with digits", `field_${"x".repeat(20)}2`],
    ["a short token ending in a digit", "AAAAAAAA7"],
    ["a short mixed token", "Ab3dEf9h"],
    ["a name of 41 characters", "a".repeat(41)],
  ])("shows %s as <key>", (_, part) => {
    expect(formatPath(["provider_key", part, "access_key_id"])).toBe(
      "provider_key.<key>.access_key_id",
    );
  });
});

describe("toValidationIssues", () => {
  it("uses the schema's own message and the prefix", () => {
    const schema = z.string({ error: "must be the name, a string" });
    expect(issuesOf(schema, 1, ["body", "name"])).toEqual([
      { path: "body.name", message: "must be the name, a string" },
    ]);
  });

  it.each<[string, z.ZodMiniType, unknown, string]>([
    ["a wrong type", z.object({ a: z.string() }), { a: 1 }, "must be a string"],
    [
      "a wrong type starting with a vowel",
      z.object({ a: z.object({}) }),
      { a: 1 },
      "must be an object",
    ],
    [
      "a short string",
      z.object({ a: z.string().check(z.minLength(3)) }),
      { a: "x" },
      "must have at least 3 characters",
    ],
    [
      "a long list",
      z.object({ a: z.array(z.string()).check(z.maxLength(1)) }),
      { a: ["x", "y"] },
      "must have at most 1 items",
    ],
    [
      "a wrong literal",
      z.object({ a: z.literal("service_account") }),
      { a: "user" },
      'must be "service_account"',
    ],
    [
      "a bad format",
      z.object({ a: z.string().check(z.regex(/^x+$/)) }),
      { a: "y" },
      "has an invalid format",
    ],
  ])("says what is expected for %s, without zod's wording", (_, schema, input, message) => {
    expect(issuesOf(schema, input)).toEqual([{ path: "a", message }]);
  });

  it("names unknown snake_case fields and only counts the others", () => {
    const schema = z.strictObject({ a: z.string() });
    expect(issuesOf(schema, { a: "x", region: 1 })).toEqual([
      { path: "", message: "has unknown field region" },
    ]);
    expect(issuesOf(schema, { a: "x", region: 1, zone: 2 })).toEqual([
      { path: "", message: "has unknown fields region, zone" },
    ]);
    const secret = fakeOpenAiKey(1103);
    const issues = issuesOf(schema, { a: "x", region: 1, [secret]: 2 });
    expect(issues).toEqual([{ path: "", message: "has unknown fields" }]);
    expect(leakedWindow(JSON.stringify(issues), secret)).toBeUndefined();
  });

  it("reports a bad record key at that key with the key schema's message", () => {
    const schema = z.record(
      z.string().check(z.refine((key) => key === "global", "must be global")),
      z.number(),
    );
    expect(issuesOf(schema, { mars: 1 }, ["provider_key"])).toEqual([
      { path: "provider_key.mars", message: "must be global" },
    ]);
  });

  it("gives a value of the wrong type one issue, not also the length checks zod runs on it", () => {
    const schema = z.object({
      key: z
        .string({ error: "must be a string" })
        .check(z.minLength(8, "too short"), z.maxLength(10, "too long")),
    });
    expect(issuesOf(schema, { key: ["x"] })).toEqual([
      { path: "key", message: "must be a string" },
    ]);
    expect(issuesOf(schema, { key: Array.from({ length: 20 }) })).toEqual([
      { path: "key", message: "must be a string" },
    ]);
  });

  it("never quotes the rejected value", () => {
    const secret = fakeChars(40, 1104);
    const schema = z.object({
      a: z.string().check(z.maxLength(10)),
      b: z.literal("x"),
      c: z.number(),
      d: z.enum(["one", "two"]),
    });
    const issues = issuesOf(schema, { a: secret, b: secret, c: secret, d: secret });
    expect(issues.map((issue) => issue.path)).toEqual(["a", "b", "c", "d"]);
    expect(leakedWindow(JSON.stringify(issues), secret)).toBeUndefined();
  });
});
