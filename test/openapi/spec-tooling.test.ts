import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Third-party tools on docs/openapi.json, in CI (which runs `npm test`): Redocly's linter,
 * openapi-typescript (the committed generated types must be what it generates today), and
 * `tsc` on the generated client's test against those types. Each runs as a child process
 * of this machine's node_modules; none needs the network.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = (name: string) => join(root, "node_modules", ".bin", name);
// Child processes: no telemetry, no update check (the tests never reach the internet).
const env = {
  ...process.env,
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  NO_UPDATE_NOTIFIER: "1",
};

function run(command: string, args: readonly string[]) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(command, args, { cwd: root, env, maxBuffer: 16 * 1024 * 1024 }, (error, out, err) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, output: `${out}${err}` });
    });
  });
}

describe("docs/openapi.json through third-party tools", () => {
  it("passes `redocly lint` (recommended rules, redocly.yaml) with no error and no warning", async () => {
    const { code, output } = await run(bin("redocly"), [
      "lint",
      "docs/openapi.json",
      "--format=stylish",
    ]);
    expect(output).not.toMatch(/\b(error|warning)\b {2,}/);
    expect(output).toContain("Your API description is valid");
    expect(code, output).toBe(0);
  }, 120_000);

  it("generates, with openapi-typescript, exactly the committed test/openapi/console-api.d.ts", async () => {
    const directory = await mkdtemp(join(tmpdir(), "byokit-openapi-"));
    try {
      const generated = join(directory, "console-api.d.ts");
      // The same command as `npm run generate:openapi-types`.
      const { code, output } = await run(bin("openapi-typescript"), [
        "docs/openapi.json",
        "--default-non-nullable",
        "false",
        "-o",
        generated,
      ]);
      expect(code, output).toBe(0);
      const committed = await readFile(join(root, "test/openapi/console-api.d.ts"), "utf8");
      expect(
        (await readFile(generated, "utf8")) === committed,
        "docs/openapi.json changed: run npm run generate:openapi-types",
      ).toBe(true);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 120_000);

  it("typechecks the generated client's round trip with tsc", async () => {
    const { code, output } = await run(bin("tsc"), ["-p", "test/openapi/tsconfig.json"]);
    expect(output).toBe("");
    expect(code).toBe(0);
  }, 300_000);
});
