import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "../../src/masking/redact.js";

const NAMED: readonly [string, string][] = [
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
  ["sol", "/"],
  ["equals", "="],
  ["plus", "+"],
  ["lowbar", "_"],
  ["hyphen", "-"],
  ["dash", "-"],
  ["period", "."],
  ["colon", ":"],
];

describe("redactSecrets: a secret written with HTML entities", () => {
  it.each(NAMED)("finds &%s; standing for %j", (name, char) => {
    const secret = `qz${char}wv${char}km`;
    const text = `echo qz&${name};wv&${name};km end`;
    expect(redactSecrets(text, [secret])).toBe(`echo ${REDACTED} end`);
  });

  it("reads entity names whatever their case", () => {
    expect(redactSecrets("echo qz&AMP;wv&Amp;km end", ["qz&wv&km"])).toBe(`echo ${REDACTED} end`);
  });

  it("reads decimal and hexadecimal character references", () => {
    expect(redactSecrets("echo &#113;&#x7A;&#X77;vkmp end", ["qzwvkmp"])).toBe(
      `echo ${REDACTED} end`,
    );
  });

  it("leaves a reference past U+10FFFF, an unknown name and a bare & as text", () => {
    const text = "a &#1114112; b &nbsp; c & d &#x110000; e";
    expect(redactSecrets(text, ["zzzzzzzz"])).toBe(text);
  });

  it("keeps the text after the last reference it decoded", () => {
    expect(redactSecrets("qz&lt;wvkm and the rest", ["qz<wvkm"])).toBe(`${REDACTED} and the rest`);
  });
});
