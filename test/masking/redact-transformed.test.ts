import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "../../src/masking/redact.js";

/**
 * A provider (or a proxy) may echo the key transformed: case-changed, spaced out, base64 or
 * base64url'd, percent- or HTML-encoded. Each decoding below is written independently of
 * byokit's (Node's Buffer for base64), and none of them may reveal 6 characters of the secret.
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("");
const secretArbitrary = fc.string({
  unit: fc.constantFrom(...ALPHABET),
  minLength: 12,
  maxLength: 120,
});
const fillerArbitrary = fc.string({
  unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz :,.{}\"'=".split("")),
  maxLength: 40,
});

const base64 = (text: string) => Buffer.from(text, "latin1").toString("base64");
const base64url = (text: string) => Buffer.from(text, "latin1").toString("base64url");

/** The transforms a hostile echo may apply to a message that holds the secret. */
const transforms: Record<string, (text: string) => string> = {
  upper: (text) => text.toUpperCase(),
  lower: (text) => text.toLowerCase(),
  swapped: (text) =>
    [...text].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join(""),
  spaced: (text) => [...text].join(" "),
  "line-broken": (text) => [...text].join("\n\t"),
  base64,
  base64url,
  "base64 unpadded": (text) => base64(text).replace(/=+$/, ""),
  // Glued to a word, the encoding starts 1 to 3 characters into a base64-looking run.
  "base64 after a word": (text) => `k${base64(text)}`,
  "base64url after a word": (text) => `key${base64url(text)}`,
  "base64 after two letters": (text) => `id${base64(text)}`,
  "percent (every byte)": (text) =>
    [...text].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join(""),
  percent: (text) =>
    encodeURIComponent(text).replace(/[-_]/g, (c) => `%${c.charCodeAt(0).toString(16)}`),
  "html decimal": (text) => [...text].map((c) => `&#${c.charCodeAt(0)};`).join(""),
  "html hex": (text) => [...text].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join(""),
};

/** Every way the test reads the output back. */
const decodings: Record<string, (text: string) => string[]> = {
  "as is, any case": (text) => [text.toLowerCase()],
  "without whitespace": (text) => [text.replace(/\s+/g, "").toLowerCase()],
  "percent-decoded": (text) => [
    text.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    ),
  ],
  "HTML-decoded": (text) => [
    text
      .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      )
      .replace(/&#(\d+);/g, (_, dec: string) => String.fromCharCode(Number(dec))),
  ],
  "base64/base64url-decoded at every alignment": (text) =>
    (text.match(/[A-Za-z0-9+/_=-]{8,}/g) ?? []).flatMap((run) =>
      [0, 1, 2, 3].map((offset) => Buffer.from(run.slice(offset), "base64").toString("latin1")),
    ),
};

function leakIn(output: string, secret: string): string | undefined {
  const lowered = secret.toLowerCase();
  for (const [name, decode] of Object.entries(decodings)) {
    for (const view of decode(output)) {
      for (let start = 0; start + 6 <= secret.length; start++) {
        const exact = secret.slice(start, start + 6);
        const any = lowered.slice(start, start + 6);
        if (view.includes(exact) || view.toLowerCase().includes(any)) {
          return `${name}: "${exact}" in ${output.slice(0, 200)}`;
        }
      }
    }
  }
  return undefined;
}

describe("redactSecrets and transformed echoes", () => {
  for (const [name, transform] of Object.entries(transforms)) {
    it(`leaves no 6 characters of a ${name} echo in any decoding`, () => {
      fc.assert(
        fc.property(secretArbitrary, fillerArbitrary, fillerArbitrary, (secret, before, after) => {
          const echoed = `Invalid: ${transform(`${before}${secret}${after}`)} (401)`;
          const leak = leakIn(redactSecrets(echoed, [secret]), secret);
          expect(leak).toBeUndefined();
        }),
        { numRuns: 100 },
      );
    });
  }

  it("replaces a base64url echo of a Vertex-like key line with a marker", () => {
    const line = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
    const echoed = `bad assertion ${base64url(`key=${line}`)} rejected`;
    const output = redactSecrets(echoed, [line]);
    expect(output).toContain(REDACTED);
    expect(output.startsWith("bad assertion ")).toBe(true);
    expect(output.endsWith(" rejected")).toBe(true);
  });

  it("takes a base64 echo's padding along with it", () => {
    const secret = "sk-live-secret9XyZ12";
    expect(redactSecrets(`key ${base64(secret)} given`, [secret])).toBe(`key ${REDACTED} given`);
  });

  it("keeps text that holds no form of the secret", () => {
    const text = "Incorrect API key provided. See https://example.com/docs?a=1&amp;b=2 (401)";
    expect(redactSecrets(text, ["Zq8vN3xK7pLm2WsT9rYb"])).toBe(text);
  });

  it("stays linear on a long body (1 MB of base64-like text, percent signs and entities)", () => {
    const secret = "Zq8vN3xK7pLm2WsT9rYb";
    const body = "QUJD%41&#65;".repeat(90_000);
    // No timing assertion: a quadratic scan would not finish within the test's timeout.
    expect(redactSecrets(body, [secret])).toBe(body);
  });
});
