/**
 * The edges of each decoding redactSecrets reads: where a run or a reference ends, the last
 * characters of the alphabets, and text that only one reading can see. Each case is the exact
 * output, so a decoding that stops one character short shows.
 */
import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "../../src/masking/redact.js";

/** Printable, and its base64 holds `+` and `/` (base64url: `-` and `_`) in its middle. */
const SECRET = "qz~~??>>wv";

describe("redactSecrets at the edges of base64", () => {
  it("reads + and / inside standard base64, and a final quantum of two characters", () => {
    expect(Buffer.from(SECRET).toString("base64")).toBe("cXp+fj8/Pj53dg==");
    expect(redactSecrets("key cXp+fj8/Pj53dg== end", [SECRET])).toBe(`key ${REDACTED} end`);
  });

  it("reads - and _ inside base64url, up to the very end of the text", () => {
    expect(Buffer.from(SECRET).toString("base64url")).toBe("cXp-fj8_Pj53dg");
    expect(redactSecrets("key cXp-fj8_Pj53dg", [SECRET])).toBe(`key ${REDACTED}`);
  });
});

describe("redactSecrets at the edges of percent and HTML encoding", () => {
  it("removes the plain character that ends a percent-encoded echo", () => {
    expect(redactSecrets("%71%7A%77%76%6Bm end", ["qzwvkm"])).toBe(`${REDACTED} end`);
  });

  it("removes the reference that ends an HTML-encoded echo", () => {
    expect(redactSecrets("echo qzwvkm&lt; end", ["qzwvkm<"])).toBe(`echo ${REDACTED} end`);
  });

  it("reads a reference only where its & stands, not one further on", () => {
    expect(redactSecrets("echo qz&zz&amp;wvk end", ["qz&zz&wvk"])).toBe(`echo ${REDACTED} end`);
  });

  it("decodes the last code point, U+10FFFF", () => {
    expect(redactSecrets("echo qzwvkm&#x10FFFF; end", ["qzwvkm\u{10FFFF}"])).toBe(
      `echo ${REDACTED} end`,
    );
  });

  it("keeps its place after a reference past U+FFFF (two UTF-16 units)", () => {
    const encoded = [..."qzwvkmxy"].map((char) => `&#${char.charCodeAt(0)};`).join("");
    expect(redactSecrets(`&#x1F600;${encoded} end`, ["qzwvkmxy"])).toBe(`&#x1F600;${REDACTED} end`);
  });

  it("removes a secret as written when every reading but the plain one changes it", () => {
    // Its first and last windows hold a space (unseen without whitespace), part of %41 (decoded
    // by percent) and part of &lt; (decoded by HTML): only the text as is shows them.
    const secret = " %41&lt; ";
    expect(redactSecrets(`[${secret}]`, [secret])).toBe(`[${REDACTED}]`);
  });
});

describe("redactSecrets between two base64 runs", () => {
  // "QQ" is base64 for "A", "YWJjZGU" for "abcde": two runs, read apart.
  it("does not read the end of a run as a NUL of the secret", () => {
    expect(redactSecrets("YWJjZGU tail", ["abcde\u0000"])).toBe("YWJjZGU tail");
  });

  it("does not read the start of a run as a NUL of the secret, nor lose a leak after it", () => {
    // "cXp3dmtt" is base64 for "qzwvkm": only one reading sees it.
    expect(redactSecrets("QQ YWJjZGU then cXp3dmtt", ["\u0000abcde", "qzwvkm"])).toBe(
      `QQ YWJjZGU then ${REDACTED}`,
    );
  });

  it("never joins two runs into one window", () => {
    expect(redactSecrets(" QQ YWJjZGU", ["aabcde"])).toBe(" QQ YWJjZGU");
  });
});
