import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/validation-error.js";
import { API_BASE_URL, encodeSegment, routes } from "../../src/internal/routes.js";

describe("encodeSegment", () => {
  it.each([
    ["pk_01H8X", "pk_01H8X"],
    ["a/b", "a%2Fb"],
    ["../etc", "..%2Fetc"],
    ["a b?c#d", "a%20b%3Fc%23d"],
    ["%2e%2e", "%252e%252e"],
    ["...", "..."],
    ["é", "%C3%A9"],
  ])("encodes %j as %j", (segment, encoded) => {
    expect(encodeSegment(segment)).toBe(encoded);
  });

  it.each(["", ".", ".."])("refuses %j, which would change the path's meaning", (segment) => {
    expect(() => encodeSegment(segment)).toThrow(ValidationError);
    expect(() => encodeSegment(segment)).toThrow(/id: must not be empty/);
  });
});

describe("routes", () => {
  it("serves the Console API at https://api.edgee.app", () => {
    expect(API_BASE_URL).toBe("https://api.edgee.app");
  });

  it.each([
    ["createProviderKey", ["org_1"], "POST", "/v1/organizations/org_1/provider-keys"],
    ["listProviderKeys", ["org_1"], "GET", "/v1/organizations/org_1/provider-keys"],
    ["getProviderKey", ["org_1", "pk_1"], "GET", "/v1/organizations/org_1/provider-keys/pk_1"],
    ["updateProviderKey", ["org_1", "pk_1"], "POST", "/v1/organizations/org_1/provider-keys/pk_1"],
    [
      "deleteProviderKey",
      ["org_1", "pk_1"],
      "DELETE",
      "/v1/organizations/org_1/provider-keys/pk_1",
    ],
    ["testProviderKey", ["org_1"], "POST", "/v1/organizations/org_1/provider-keys/test"],
    [
      "testStoredProviderKey",
      ["org_1", "pk_1"],
      "POST",
      "/v1/organizations/org_1/provider-keys/pk_1/test",
    ],
    ["resolveProviderKey", ["org_1"], "POST", "/v1/organizations/org_1/provider-keys/resolve"],
    ["listApiKeys", ["org_1"], "GET", "/v1/organizations/org_1/api_keys"],
  ] as const)("%s(%j) is %s %s", (name, args, method, path) => {
    const route = (routes[name] as (...a: string[]) => { method: string; path: string })(...args);
    expect(route).toEqual({ method, path });
  });

  it("keeps an id inside its collection", () => {
    expect(routes.getProviderKey("org_1", "../../admin").path).toBe(
      "/v1/organizations/org_1/provider-keys/..%2F..%2Fadmin",
    );
    expect(() => routes.deleteProviderKey("org_1", "..")).toThrow(ValidationError);
    expect(() => routes.listProviderKeys("")).toThrow(ValidationError);
  });
});
