import { build } from "esbuild";
import { describe, expect, it } from "vitest";

describe("the byokit browser bundle", () => {
  it("holds the validators but never google-auth-library or a Node built-in", async () => {
    const result = await build({
      entryPoints: ["src/index.ts"],
      bundle: true,
      platform: "browser",
      format: "esm",
      minify: true,
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles[0]?.text ?? "";
    expect(code).toContain("aws4_request");
    expect(code).toContain("RS256");
    for (const forbidden of [
      "google-auth-library",
      "gaxios",
      "GoogleToken",
      "node:",
      "child_process",
    ]) {
      expect(code).not.toContain(forbidden);
    }
  });
});
