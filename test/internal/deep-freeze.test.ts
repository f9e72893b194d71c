import { describe, expect, it } from "vitest";
import { deepFreeze } from "../../src/internal/deep-freeze.js";

describe("deepFreeze", () => {
  it("freezes every object and array inside, so no nested secret can be changed", () => {
    const value = deepFreeze({
      global: { access_key_id: "AKIATEST", secret_access_key: "FAKEsecret" },
      list: [{ a: 1 }],
    });
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.global)).toBe(true);
    expect(Object.isFrozen(value.list)).toBe(true);
    expect(Object.isFrozen(value.list[0])).toBe(true);
    expect(() => {
      (value.global as { secret_access_key: string }).secret_access_key = "changed";
    }).toThrow(TypeError);
    expect(value.global.secret_access_key).toBe("FAKEsecret");
  });

  it("walks into an object that is frozen only on the surface", () => {
    const inner = { secret_access_key: "FAKEsecret" };
    const value = deepFreeze(Object.freeze({ global: inner }));
    expect(Object.isFrozen(inner)).toBe(true);
    expect(value.global).toBe(inner);
  });

  it("returns strings and other primitives as they are, and survives a cycle", () => {
    expect(deepFreeze("sk-test-FAKE")).toBe("sk-test-FAKE");
    expect(deepFreeze(null)).toBe(null);
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(Object.isFrozen(deepFreeze(cyclic))).toBe(true);
  });
});
