import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { fakeApiKey } from "../local/helpers.js";

const CLI = ["--import", "tsx", "src/cli/index.ts"];
const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Runs the CLI to completion, as a user would. */
function runCli(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [...CLI, ...args], {
      env: { PATH: process.env.PATH ?? "", ...options.env },
    });
    running.push(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.stdin.end(options.stdin ?? "");
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `byokit serve --json` and reads its first line. */
async function startServer(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [...CLI, "serve", "--port", "0", "--json", ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  running.push(child);
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
  });
  return { child, info: JSON.parse(first) as { url: string; token?: string; store: string } };
}

// Each run starts a TypeScript process: generous timeouts, no timing assertions.
describe("the byokit process", { timeout: 60_000 }, () => {
  it("serves with a generated token, and keys create/list talk to it", async () => {
    const { child, info } = await startServer(["--api-key", "key_staging=Staging"]);
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.token).toMatch(/^byok_local_/);
    const env = {
      BYOKIT_URL: info.url,
      EDGEE_CONSOLE_API_TOKEN: info.token!,
      EDGEE_ORGANIZATION_ID: "org_p",
    };
    const secret = fakeApiKey();
    const created = await runCli(
      [
        "keys",
        "create",
        "--provider",
        "openai",
        "--name",
        "From a pipe",
        "--api-key-id",
        "key_staging",
      ],
      { env, stdin: secret },
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const listed = await runCli(["keys", "list", "--json"], { env });
    expect(listed.code).toBe(0);
    const records = JSON.parse(listed.stdout);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ name: "From a pipe", api_key_ids: ["key_staging"] });
    expect(listed.stdout).not.toContain(secret.slice(8));
    const wrongToken = await runCli(["keys", "list"], {
      env: { ...env, EDGEE_CONSOLE_API_TOKEN: "nope" },
    });
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toMatch(/401 authentication_error/);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("persists keys in an encrypted file across restarts", async () => {
    const directory = await mkdtemp(join(tmpdir(), "byokit-cli-file-"));
    try {
      const file = join(directory, "keys.json");
      const masterKey = randomBytes(32).toString("base64");
      const serverEnv = { BYOKIT_MASTER_KEY: masterKey, BYOKIT_TOKEN: "fixed-token-for-test" };
      const first = await startServer(["--file", file], serverEnv);
      expect(first.info).toMatchObject({ store: "file" });
      expect(first.info.token).toBeUndefined();
      const env = {
        BYOKIT_URL: first.info.url,
        EDGEE_CONSOLE_API_TOKEN: "fixed-token-for-test",
        EDGEE_ORGANIZATION_ID: "org_f",
      };
      const secret = fakeApiKey();
      expect(
        (
          await runCli(["keys", "create", "--provider", "openai", "--name", "kept"], {
            env,
            stdin: secret,
          })
        ).code,
      ).toBe(0);
      first.child.kill("SIGTERM");
      await new Promise((resolve) => first.child.once("exit", resolve));
      expect(await readFile(file, "utf8")).not.toContain(secret.slice(8));

      const second = await startServer(["--file", file], serverEnv);
      const listed = await runCli(["keys", "list", "--json"], {
        env: { ...env, BYOKIT_URL: second.info.url },
      });
      expect(JSON.parse(listed.stdout).map((r: { name: string }) => r.name)).toEqual(["kept"]);
      second.child.kill("SIGTERM");

      const wrongKey = await runCli(["serve", "--port", "0", "--file", file], {
        env: { BYOKIT_MASTER_KEY: randomBytes(32).toString("base64") },
      });
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.stderr).toMatch(/master key/);
      const noKey = await runCli(["serve", "--port", "0", "--file", file]);
      expect(noKey.code).toBe(2);
      expect(noKey.stderr).toMatch(/BYOKIT_MASTER_KEY/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("exits 2 without reading a secret given as an argument", async () => {
    const secret = fakeApiKey();
    const result = await runCli(["test", "--provider", "openai", secret]);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain(secret.slice(8));
  });
});
