import { describe, expect, it } from "vitest";
import { echoId, echoOption, echoPath, idPrefix } from "../../src/internal/safe-echo.js";

describe("safe-echo: the one rule for repeating what was typed", () => {
  it("shows a well-formed id's prefix and 2 characters, always with …", () => {
    expect(idPrefix("key_abcdef123")).toBe("key_ab…");
    expect(idPrefix("pk_1")).toBe("pk_1…");
    expect(echoId("org_Zq7Rt2")).toBe("org_Zq…");
  });

  it("repeats nothing of a value that is not a well-formed id", () => {
    for (const value of [
      "sk-proj-abcdef123456",
      "Zq7Rt2Lm9Xw4",
      "AKIAABCDEFGHIJKLMNOP",
      "",
      "a b",
    ]) {
      expect(idPrefix(value)).toBeUndefined();
      expect(echoId(value)).toBe("(not a well-formed id)");
    }
    expect(idPrefix(42)).toBeUndefined();
  });

  it("reduces the id segment of an API path, not its route words", () => {
    expect(echoPath("/v1/organizations/org_1/provider-keys/pk_7d9A2/test")).toBe(
      "/v1/organizations/org_1/provider-keys/pk_7d…/test",
    );
    expect(echoPath("/v1/organizations/org_1/provider-keys/Zq7Rt2Lm9Xw4")).toBe(
      "/v1/organizations/org_1/provider-keys/…",
    );
    expect(echoPath("/v1/organizations/org_1/provider-keys/test")).toBe(
      "/v1/organizations/org_1/provider-keys/test",
    );
    expect(echoPath("/v1/organizations/org_1/provider-keys")).toBe(
      "/v1/organizations/org_1/provider-keys",
    );
  });

  it("repeats only plain word options", () => {
    expect(echoOption("--secret")).toBe("--secret");
    expect(echoOption("-Z")).toBe("-Z");
    for (const typed of ["--sk-proj-Ab12", "--Zq7Rt2Lm9Xw4", "--abc123", undefined]) {
      expect(echoOption(typed)).toBeUndefined();
    }
  });
});
