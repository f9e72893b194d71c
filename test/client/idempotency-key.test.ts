/**
 * The generated `Idempotency-Key`: `crypto.randomUUID()` where it exists, and the same
 * version-4 UUID built from `crypto.getRandomValues()` where it does not (a browser page that
 * is not a secure context).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { newIdempotencyKey } from "../../src/client/idempotency-key.js";

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A `crypto` without `randomUUID` whose random bytes are 0x00, 0x11, … 0xff. */
function cryptoWithoutRandomUuid() {
  return {
    getRandomValues: <T extends ArrayBufferView | null>(array: T): T => {
      const bytes = array as unknown as Uint8Array;
      for (let i = 0; i < bytes.length; i += 1) bytes[i] = i * 0x11;
      return array;
    },
  };
}

describe("newIdempotencyKey", () => {
  it("is crypto.randomUUID() where it exists", () => {
    vi.stubGlobal("crypto", {
      randomUUID: () => "5c0d6a3e-8f1b-4c2d-9e7f-0a1b2c3d4e5f",
      getRandomValues: () => {
        throw new Error("randomUUID exists: getRandomValues must not be used");
      },
    });
    expect(newIdempotencyKey()).toBe("5c0d6a3e-8f1b-4c2d-9e7f-0a1b2c3d4e5f");
  });

  it("is built from getRandomValues without randomUUID: version 4, variant 10", () => {
    vi.stubGlobal("crypto", cryptoWithoutRandomUuid());
    // Bytes 00 11 … ff, with byte 6 (0x66) set to version 4 and byte 8 (0x88) to variant 10.
    expect(newIdempotencyKey()).toBe("00112233-4455-4677-8899-aabbccddeeff");
  });

  it("keeps the leading zero of every byte", () => {
    vi.stubGlobal("crypto", {
      getRandomValues: <T extends ArrayBufferView | null>(array: T): T => {
        (array as unknown as Uint8Array).fill(0x0a);
        return array;
      },
    });
    expect(newIdempotencyKey()).toBe("0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a");
  });

  it("is a different version-4 UUID on every call in Node", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const keys = new Set(Array.from({ length: 20 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(20);
    for (const key of keys) expect(key).toMatch(uuid);
  });
});
