import { describe, expect, it } from "vitest";
import { printTestResult } from "../../src/cli/commands/test.js";
import type { CredentialStatus } from "../../src/validators/types.js";
import { fakeIo } from "./cli-io.js";

const result = (status: CredentialStatus) => ({
  ok: status === "valid",
  status,
  message: "…",
  latency_ms: 1,
});

describe("byokit test's verdict", () => {
  it.each([
    ["valid", "valid"],
    ["invalid_credentials", "not valid"],
    ["permission_denied", "not valid"],
    ["quota_exceeded", "not valid"],
    ["network_error", "not checked"],
    ["timeout", "not checked"],
    ["rate_limited", "not checked"],
    ["unexpected_response", "not checked"],
  ] as const)("says %s is %s", (status, verdict) => {
    const fake = fakeIo();
    printTestResult(result(status), false, fake.io);
    expect(fake.stdout()).toBe(`${verdict}: ${status} — …\n`);
  });
});
