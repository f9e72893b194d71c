import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("npm run demo", () => {
  it("prints each resolution with its explanation, offline", () => {
    const out = execFileSync("npx", ["tsx", "examples/quickstart.ts"], { encoding: "utf8" });
    expect(out).toContain("resolved → OpenAI staging");
    expect(out).toContain("region_unavailable");
    expect(out).toContain("global credentials: no key in this scope holds ap-northeast-1");
    expect(out).not.toMatch(/sk-fixture-\w{6,}/);
  });
});
