import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fileStore } from "../../src/local/file-store.js";
import { masterKeyBytes } from "../../src/local/master-key-bytes.js";
import { validationErrorOf } from "./validation-error-of.js";

const bytes = randomBytes(32);
const padded = bytes.toString("base64"); // 44 characters, one "="
const unpadded = padded.replace(/=+$/, ""); // 43 characters

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("masterKeyBytes", () => {
  it("accepts exactly 32 bytes: base64 with or without padding, or the bytes themselves", () => {
    expect(masterKeyBytes(padded, "masterKey")).toEqual(bytes);
    expect(masterKeyBytes(unpadded, "masterKey")).toEqual(bytes);
    expect(masterKeyBytes(new Uint8Array(bytes), "masterKey")).toEqual(bytes);
  });

  it("accepts a key with the whitespace a file or `$(byokit keygen)` leaves around it", () => {
    expect(masterKeyBytes(`${padded}\n`, "masterKey")).toEqual(bytes);
    expect(masterKeyBytes(`  ${unpadded}\r\n`, "masterKey")).toEqual(bytes);
  });

  it.each([
    ["31 bytes", randomBytes(31).toString("base64")],
    ["33 bytes", randomBytes(33).toString("base64")],
    ["a character that is not base64 before the key", `!${padded}`],
    ["a character that is not base64 after the key", `${unpadded}!`],
    ["hex", randomBytes(32).toString("hex")],
    ["base64url", Buffer.from(Array.from({ length: 32 }, () => 0xfb)).toString("base64url")],
  ])("refuses %s, naming where and never echoing the value", (_what, value) => {
    const error = validationErrorOf(() => masterKeyBytes(value, "previousMasterKeys[0]"));
    expect(error.issues).toEqual([
      {
        path: "previousMasterKeys[0]",
        message: "must be exactly 32 bytes, base64-encoded (`byokit keygen` prints one)",
      },
    ]);
    expect(error.message).not.toContain(value.trim().slice(4, 20));
  });

  it("refuses 31 and 33 raw bytes", () => {
    validationErrorOf(() => masterKeyBytes(new Uint8Array(31), "masterKey"));
    validationErrorOf(() => masterKeyBytes(new Uint8Array(33), "masterKey"));
  });

  it("names the fileStore option, or the environment variable it fell back to", () => {
    const bad = randomBytes(31).toString("base64");
    const fromOption = validationErrorOf(() =>
      fileStore("/nonexistent/keys.json", { masterKey: bad }),
    );
    expect(fromOption.issues.map((issue) => issue.path)).toEqual(["masterKey"]);
    vi.stubEnv("BYOKIT_MASTER_KEY", bad);
    const fromEnv = validationErrorOf(() => fileStore("/nonexistent/keys.json"));
    expect(fromEnv.issues.map((issue) => issue.path)).toEqual(["BYOKIT_MASTER_KEY"]);
    expect(`${fromOption.message}${fromEnv.message}`).not.toContain(bad.slice(0, 16));
  });
});
