/**
 * A throwaway PostgreSQL cluster for the tests: `initdb` into a fresh temporary directory,
 * `postgres` on 127.0.0.1 with a free port (and its unix socket in the same directory), and
 * everything removed by `stop()`. Durability is switched off (`fsync`, `synchronous_commit`,
 * `full_page_writes`): the data is thrown away anyway. Every statement and its parameters
 * are logged to `logFile`, so a test can prove no secret ever reached the server in clear.
 *
 * PostgreSQL refuses to run as root; as root (CI), the cluster runs as `nobody`.
 */
import { execFileSync, spawn } from "node:child_process";
import {
  chownSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCluster {
  /** `postgresql://postgres@127.0.0.1:PORT/postgres` (trust authentication, loopback only). */
  readonly connectionString: string;
  /** The server's log (statements and their parameters included). */
  readonly logFile: string;
  stop(): Promise<void>;
}

/** Where the PostgreSQL binaries are: `BYOKIT_POSTGRES_BIN`, Debian's newest, then `PATH`. */
export function findPostgresBin(
  env: Readonly<Record<string, string | undefined>> = process.env,
  debian = "/usr/lib/postgresql",
): string {
  const fromEnv = env.BYOKIT_POSTGRES_BIN;
  if (fromEnv) {
    if (!existsSync(join(fromEnv, "initdb"))) {
      throw new Error(`BYOKIT_POSTGRES_BIN=${fromEnv} has no initdb`);
    }
    return fromEnv;
  }
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((name) => existsSync(join(debian, name, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(debian, versions[0], "bin");
  }
  for (const directory of (env.PATH ?? "").split(":")) {
    if (
      directory &&
      existsSync(join(directory, "initdb")) &&
      existsSync(join(directory, "postgres"))
    ) {
      return directory;
    }
  }
  throw new Error(
    "the PostgreSQL tests need the PostgreSQL server binaries (initdb, postgres): " +
      "`apt-get install postgresql` (Debian/Ubuntu), or set BYOKIT_POSTGRES_BIN to their directory",
  );
}

/** Starts a cluster; resolves once it accepts connections. */
export async function startTestCluster(): Promise<TestCluster> {
  const bin = findPostgresBin();
  const root = mkdtempSync(join(tmpdir(), "byokit-pg-"));
  const dataDir = join(root, "data");
  const logFile = join(root, "server.log");
  // As root, everything runs as `nobody`, which must own the directory.
  const asUser: string[] = [];
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "nobody"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "nobody"], { encoding: "utf8" }));
    chownSync(root, uid, gid);
    // setpriv execs (no process in between), so signals reach postgres itself.
    asUser.push("setpriv", `--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", "--");
  }
  const run = (command: string, args: string[]) =>
    asUser.length > 0
      ? { file: asUser[0] as string, args: [...asUser.slice(1), command, ...args] }
      : { file: command, args };

  const init = run(join(bin, "initdb"), [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "--auth=trust",
    "--no-sync",
    "--encoding=UTF8",
    "--locale=C",
  ]);
  try {
    execFileSync(init.file, init.args, { stdio: "pipe" });
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    const stderr = String((error as { stderr?: unknown }).stderr ?? "");
    throw new Error(`initdb failed: ${stderr.trim().split("\n").slice(-3).join(" ")}`);
  }

  const port = await freePort();
  const server = run(join(bin, "postgres"), [
    "-D",
    dataDir,
    "-p",
    String(port),
    "-h",
    "127.0.0.1",
    "-k",
    root,
    "-c",
    "fsync=off",
    "-c",
    "synchronous_commit=off",
    "-c",
    "full_page_writes=off",
    "-c",
    "log_statement=all",
    "-c",
    "logging_collector=off",
    "-c",
    "max_connections=200",
  ]);
  // Opened by this process (root may write anywhere) and handed to postgres as stdout/stderr.
  const log = openSync(logFile, "a");
  const child = spawn(server.file, server.args, { stdio: ["ignore", log, log] });
  closeSync(log);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );

  // A run that dies without its teardown (a crash, Ctrl-C) leaves no server or files behind.
  const onExit = () => {
    child.kill("SIGKILL");
    rmSync(root, { recursive: true, force: true });
  };
  process.once("exit", onExit);

  const connectionString = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    process.off("exit", onExit);
    if (!exited) {
      child.kill("SIGINT"); // fast shutdown
      await exit;
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(connectionString, () => exited, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { connectionString, logFile, stop };
}

async function waitUntilReady(url: string, exited: () => boolean, logFile: string): Promise<void> {
  const { default: pg } = await import("pg");
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (exited()) {
      throw new Error(
        `postgres exited at start: ${readFileSync(logFile, "utf8").trim().split("\n").slice(-3).join(" ")}`,
      );
    }
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error("postgres did not accept connections within 20 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
