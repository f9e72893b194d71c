/**
 * Record and request ids must be unguessable: they come from the platform's CSPRNG
 * (`crypto.getRandomValues`), every base62 character is equally likely, and ids share no
 * structure (no clock, no counter). Format and uniqueness alone would pass with
 * `Date.now() + counter`.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { randomId } from "../../src/local/random-id.js";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

afterEach(() => {
  vi.restoreAllMocks();
});

/** Makes `crypto.getRandomValues` hand out `batches` in turn, and counts the calls. */
function randomBytes(...batches: number[][]) {
  let call = 0;
  return vi
    .spyOn(crypto, "getRandomValues")
    .mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      const bytes = batches[Math.min(call++, batches.length - 1)]!;
      (array as unknown as Uint8Array).set(bytes.slice(0, (array as unknown as Uint8Array).length));
      return array;
    });
}

describe("randomId", () => {
  it("is the prefix and 24 base62 characters by default, or the length asked", () => {
    expect(randomId("pk_")).toMatch(/^pk_[0-9A-Za-z]{24}$/);
    expect(randomId("req_", 5)).toMatch(/^req_[0-9A-Za-z]{5}$/);
  });

  it("takes every character from crypto.getRandomValues, one byte each, modulo 62", () => {
    const spy = randomBytes([0, 1, 61, 62, 123, 124, 247, 10]);
    expect(randomId("pk_", 8)).toBe(`pk_01z0z0${ALPHABET[247 % 62]}A`);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it("skips bytes from 248 up (they would favour the first 8 characters) and draws again", () => {
    const spy = randomBytes([248, 255, 1, 2], [3, 4, 5, 6]);
    expect(randomId("x", 4)).toBe("x1234");
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it("has every character equally likely and no shared structure across 2,000 ids", () => {
    const ids = Array.from({ length: 2000 }, () => randomId("", 24));
    expect(new Set(ids).size).toBe(ids.length);

    // Chi-square over the 62 characters (61 degrees of freedom: mean 61, sd 11). 150 is out
    // of reach by chance (p < 1e-9); `byte % 62` without rejection scores about 300, a
    // clock-plus-counter id thousands.
    const counts = new Map<string, number>();
    for (const id of ids) for (const char of id) counts.set(char, (counts.get(char) ?? 0) + 1);
    const expected = (ids.length * 24) / 62;
    let chiSquare = 0;
    for (const char of ALPHABET) chiSquare += ((counts.get(char) ?? 0) - expected) ** 2 / expected;
    expect(chiSquare).toBeLessThan(150);

    // Every position varies on its own: about 62 distinct characters each, where a timestamp
    // or counter leaves its leading positions nearly constant.
    for (let position = 0; position < 24; position++) {
      const seen = new Set(ids.map((id) => id[position]));
      expect(seen.size).toBeGreaterThanOrEqual(55);
    }
  });
});
