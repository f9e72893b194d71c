import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { REDACTED, redactKnownSecrets, redactSecrets } from "../../src/masking/redact.js";

// No known credential shape: only the secret-window scrubbing can remove it.
const SECRET = "qzwvkmpxrtgh";
const b64 = (text: string) => Buffer.from(text).toString("base64");

describe("redactSecrets removes exactly the span that carries the secret", () => {
  it.each([
    ["as is", `key ${SECRET} end`, `key ${REDACTED} end`],
    ["in another case", `key ${SECRET.toUpperCase()} end`, `key ${REDACTED} end`],
    ["spaced out", `key ${SECRET.split("").join(" ")} end`, `key ${REDACTED} end`],
    ["across lines", `key qzwv\n\tkmpxrtgh end`, `key ${REDACTED} end`],
    ["percent-encoded", "key=%71%7Awvkmpxrtgh&next=1", `key=${REDACTED}&next=1`],
    ["percent-encoded at the end", "key=qzwvk%6d", `key=${REDACTED}`],
    ["base64", `data ${b64(SECRET)} end`, `data ${REDACTED} end`],
    ["base64 inside a longer base64 run", `data x${b64(SECRET)} end`, `data x${REDACTED} end`],
    ["base64 with its padding", `data ${b64("qzwvkmpx")}.`, `data ${REDACTED}.`],
    [
      "base64url",
      `t=${b64(`??>${SECRET}`).replace(/\+/g, "-").replace(/\//g, "_")};`,
      `t=Pz8-${REDACTED};`,
    ],
  ])("%s", (_, text, expected) => {
    expect(redactSecrets(text, [SECRET])).toBe(expected);
    // The same span when the secret is far longer than the text (a private key quoted in part
    // by a one-line message): then the text's windows are indexed instead of the secret's.
    // The quoted part at the start, in the middle and at the very end of the secret.
    const filler = "7".repeat(4096);
    for (const long of [
      `${SECRET}${filler}`,
      `${filler}${SECRET}${filler}`,
      `${filler}${SECRET}`,
    ]) {
      expect(redactSecrets(text, [long])).toBe(expected);
    }
  });

  it("folds every ASCII letter, A and Z included, whichever side is upper case", () => {
    expect(redactSecrets("id AZqzwvZA end", ["azqzwvza"])).toBe(`id ${REDACTED} end`);
    expect(redactSecrets("id azqzwvza end", ["AZQZWVZA"])).toBe(`id ${REDACTED} end`);
    // Only letters: "@" and "[" (either side of A-Z) stay themselves.
    expect(redactSecrets("id `qzwvk{ end", ["@QZWVK["])).toBe("id `qzwvk{ end");
  });

  it("keeps a percent sign that encodes nothing", () => {
    expect(redactSecrets("100%zz off %4 and %", [SECRET])).toBe("100%zz off %4 and %");
  });

  it("marks two separate leaks separately, keeping the text between", () => {
    expect(redactSecrets(`a ${SECRET} b ${SECRET} c`, [SECRET])).toBe(
      `a ${REDACTED} b ${REDACTED} c`,
    );
  });

  it("finds no window across two base64 runs", () => {
    // Each run alone decodes to half of the secret: no 6 characters of it.
    const text = `${b64("qzwvk")} ${b64("mpxrt")}`;
    expect(redactSecrets(text, ["qzwvkmpxrt"])).toBe(text);
  });

  it("does not scrub PEM armor words from a message", () => {
    const pem =
      "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    const text = "The private key could not be parsed: BEGIN PRIVATE KEY expected.";
    expect(redactSecrets(text, [pem])).toBe(text);
    expect(redactSecrets("got MIIEvQIBADANBg here", [pem])).toBe(`got ${REDACTED} here`);
  });
});

describe("redactKnownSecrets: the shapes of well-known credentials", () => {
  it.each([
    [
      "a PEM private key",
      "k=-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY----- ok",
      `k=${REDACTED} ok`,
    ],
    ["a PEM cut short", "k=-----BEGIN PRIVATE KEY-----\nabc\ndef", `k=${REDACTED}`],
    ["an sk- key", "key sk-abc_12-3*x end", `key ${REDACTED} end`],
    ["an xai- key", "key xai-abcdef end", `key ${REDACTED} end`],
    ["an access key id", "id AKIA0123456789AB end", `id ${REDACTED} end`],
    ["an ASIA id", "id ASIAABCDEFGHIJKL end", `id ${REDACTED} end`],
    ["an ABIA id", "id ABIAABCDEFGHIJKL end", `id ${REDACTED} end`],
    ["an ACCA id", "id ACCAABCDEFGHIJKL end", `id ${REDACTED} end`],
    ["a zai key", `k ${"0123456789abcdef".repeat(2)}.AbCdEfGh12345678 end`, `k ${REDACTED} end`],
  ])("scrubs %s", (_, text, expected) => {
    expect(redactKnownSecrets(text)).toBe(expected);
  });

  it.each([
    ["sk- with 5 characters", "sk-abcde"],
    ["sk- inside a word", "task-abcdefgh"],
    ["an access key id with 11 characters", "AKIA0123456789A"],
    ["a lower-case access key id", "akia0123456789ab"],
    ["a zai key with a 15-character secret", `${"0123456789abcdef".repeat(2)}.AbCdEfGh1234567`],
    ["a zai key with 31 hex digits", `${"0123456789abcdef".repeat(2).slice(1)}.AbCdEfGh12345678`],
  ])("leaves %s", (_, text) => {
    expect(redactKnownSecrets(text)).toBe(text);
  });

  it("scrubs every occurrence", () => {
    expect(redactKnownSecrets("sk-aaaaaaaa and sk-bbbbbbbb")).toBe(`${REDACTED} and ${REDACTED}`);
  });
});
