import * as crypto from "node:crypto";
import { Sha256 as JsSha256 } from "@aws-crypto/sha256-js";
import { describe, expect, it } from "vitest";
import { nativeSha256 } from "../../src/validators/native-sha256.js";
import { sha256Constructor } from "../../src/validators/sha256.js";

const NativeSha256 = nativeSha256(crypto);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

async function digest(
  Sha256: new (
    secret?: string | Uint8Array,
  ) => {
    update(data: string | Uint8Array | ArrayBuffer): void;
    digest(): Promise<Uint8Array>;
  },
  data: (string | Uint8Array | ArrayBuffer)[],
  secret?: string | Uint8Array,
) {
  const hash = new Sha256(secret);
  for (const chunk of data) hash.update(chunk);
  return hex(await hash.digest());
}

describe("the SHA-256 SigV4 signs with", () => {
  it("gives the FIPS 180-2 and RFC 4231 answers with Node's native crypto", async () => {
    expect(await digest(NativeSha256, ["abc"])).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(await digest(NativeSha256, [""])).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    // RFC 4231, test case 2: key "Jefe".
    expect(await digest(NativeSha256, ["what do ya want for nothing?"], "Jefe")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });

  it("agrees with @aws-crypto/sha256-js on text, bytes, buffers, chunks and HMAC keys", async () => {
    const text = "héllo wörld ✓ ".repeat(50);
    const bytes = new TextEncoder().encode(text);
    const cases: [(string | Uint8Array | ArrayBuffer)[], (string | Uint8Array)?][] = [
      [[text]],
      [[bytes]],
      [[bytes.slice().buffer]],
      [[bytes.subarray(3, 70)]],
      [["part one, ", bytes, "part three"]],
      [[text], "AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"],
      [[bytes], new Uint8Array(64).fill(7)],
      [[""], "k"],
    ];
    for (const [data, secret] of cases) {
      expect(await digest(NativeSha256, data, secret)).toBe(await digest(JsSha256, data, secret));
    }
  });

  it("starts over on reset(), keeping the HMAC key", async () => {
    const hash = new NativeSha256("key");
    hash.update("discarded");
    hash.reset();
    hash.update("kept");
    expect(hex(await hash.digest())).toBe(await digest(JsSha256, ["kept"], "key"));
  });

  it("is Node's native one in Node", async () => {
    const Sha256 = await sha256Constructor();
    expect(Sha256).not.toBe(JsSha256);
    expect(await digest(Sha256, ["abc"])).toBe(await digest(JsSha256, ["abc"]));
  });
});
