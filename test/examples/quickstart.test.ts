import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("npm run demo (examples/quickstart.ts)", () => {
  const out = execFileSync("npx", ["tsx", "examples/quickstart.ts"], { encoding: "utf8" });

  it("lists the keys masked, with their scope", () => {
    expect(out).toMatch(/OpenAI \(organization\)\s+sk-proj-\.\.\.AbCd\s+Organization \(all keys\)/);
    expect(out).toMatch(/eu-west-1=AKIA\.\.\.0001 global=AKIA\.\.\.0002/);
  });

  it("renames a key keeping its secret", () => {
    expect(out).toMatch(
      /to "OpenAI \(organization default\)" \(version 2\); preview still sk-proj-\.\.\.AbCd/,
    );
  });

  it("resolves with explanations: API-key scope, global fallback, region_unavailable, unassigned", () => {
    expect(out).toContain("resolved → OpenAI (staging account)");
    expect(out).toContain("Region entry: global (no key here holds ap-northeast-1)");
    expect(out).toMatch(
      /region_unavailable\n {2}No AWS Bedrock key of API key key_staging holds eu-west-1/,
    );
    expect(out).toContain("unassigned");
  });

  it("refuses a stale update with 412 and writes nothing", () => {
    expect(out).toContain("→ 412 precondition_failed_error");
    expect(out).toContain('Still "OpenAI (organization default)" at version 2.');
  });

  it("never prints a secret", () => {
    for (const fragment of [
      "organization-key-0",
      "staging-key-0",
      "demo/secret",
      "000000000000001AbCd",
    ]) {
      expect(out).not.toContain(fragment);
    }
  });
});
