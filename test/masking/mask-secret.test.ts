import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskSecret } from "../../src/masking/mask-secret.js";
import { fakeAccessKeyId, fakeApiKeys, fakeChars } from "../providers/fixtures.js";

const KNOWN_PREFIXES = [
  "sk-ant-admin01-",
  "sk-ant-api03-",
  "sk-ant-",
  "sk-svcacct-",
  "sk-admin-",
  "sk-proj-",
  "sk-",
  "xai-",
  "AKIA",
  "ASIA",
  "ABIA",
  "ACCA",
];

/** Lowercase and digits: no body can extend a prefix into a longer known one. */
const LOWER_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789";

const adminKey = `sk-ant-admin01-${fakeChars(40, 600)}`;

describe("maskSecret", () => {
  it.each([
    ["sk-proj-AbCdEfGh1234567890WXYZ", "sk-proj-...WXYZ"],
    [fakeApiKeys.anthropic, `sk-ant-api03-...${fakeApiKeys.anthropic.slice(-4)}`],
    [adminKey, `sk-ant-admin01-...${adminKey.slice(-4)}`],
    [`sk-svcacct-${fakeChars(40, 601)}AbCd`, "sk-svcacct-...AbCd"],
    [`sk-admin-${fakeChars(40, 602)}AbCd`, "sk-admin-...AbCd"],
    [`sk-${fakeChars(32, 603)}AbCd`, "sk-...AbCd"],
    [`xai-${fakeChars(80, 604)}WXYZ`, "xai-...WXYZ"],
    [`AKIA${fakeChars(12, 605, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")}WXYZ`, "AKIA...WXYZ"],
    [`ASIA${fakeChars(12, 606, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")}WXYZ`, "ASIA...WXYZ"],
    [`ABIA${fakeChars(12, 609, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")}WXYZ`, "ABIA...WXYZ"],
    [`ACCA${fakeChars(12, 610, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")}WXYZ`, "ACCA...WXYZ"],
    [`sk-ant-${fakeChars(30, 611)}WXYZ`, "sk-ant-...WXYZ"],
    ["sk-proj-", "sk-..."],
    ["xai-", "..."],
    [`${fakeChars(28, 607)}WXYZ`, "...WXYZ"],
    ["sk-short", "sk-..."],
    ["sk-", "..."],
    ["", "..."],
    ["abc", "..."],
  ])("masks %j as %j", (secret, masked) => {
    expect(maskSecret(secret)).toBe(masked);
  });

  it("shows the last 4 characters from 16 characters on, and none below", () => {
    expect(maskSecret("abcdefghijklWXYZ")).toBe("...WXYZ");
    expect(maskSecret("abcdefghijkWXYZ")).toBe("...");
    expect(maskSecret(`AKIA${"A".repeat(7)}WXYZ`)).toBe("AKIA...");
  });

  it("masks an access key id as AKIA...<last 4>", () => {
    const id = fakeAccessKeyId(608);
    expect(maskSecret(id)).toBe(`AKIA...${id.slice(-4)}`);
  });

  it("is a known prefix, `...`, then at most the last 4 characters, 24 at most (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc
            .tuple(fc.constantFrom(...KNOWN_PREFIXES), fc.string({ maxLength: 100 }))
            .map(([prefix, body]) => prefix + body),
        ),
        (secret) => {
          const masked = maskSecret(secret);
          expect(masked.length).toBeLessThanOrEqual(24);
          const cut = masked.indexOf("...");
          expect(cut).toBeGreaterThanOrEqual(0);
          const prefix = masked.slice(0, cut);
          const tail = masked.slice(cut + 3);
          expect(["", ...KNOWN_PREFIXES]).toContain(prefix);
          expect(secret.startsWith(prefix)).toBe(true);
          expect(tail.length).toBeLessThanOrEqual(4);
          expect(secret.endsWith(tail)).toBe(true);
          if (secret.length < 16) expect(tail).toBe("");
        },
      ),
      { numRuns: 500 },
    );
  });

  it("masks two secrets under 16 characters alike when they share length and prefix (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("", ...KNOWN_PREFIXES),
        fc.integer({ min: 1, max: 15 }),
        fc.nat(),
        fc.nat(),
        (prefix, length, seedA, seedB) => {
          fc.pre(prefix.length < length);
          const a = prefix + fakeChars(length - prefix.length, seedA, LOWER_DIGITS);
          const b = prefix + fakeChars(length - prefix.length, seedB, LOWER_DIGITS);
          expect(maskSecret(a)).toBe(maskSecret(b));
          expect(maskSecret(a)).toBe(`${prefix}...`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
