/**
 * A fleet for the tests and `npm run bench:fleet`: instances of test/local/postgres/fleet-instance.ts,
 * each a process of its own on one PostgreSQL database, started and stopped from here. The
 * instance is bundled once with esbuild (as the crash tests do), so a process starts in a
 * fraction of a second and no TypeScript loader runs in it.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** Bundles the instance into node_modules/.cache (so `require("pg")` finds the repository's). */
export async function bundleInstance(): Promise<string> {
  const directory = join(root, "node_modules", ".cache", "byokit-fleet");
  mkdirSync(directory, { recursive: true });
  const outfile = join(directory, `instance-${process.pid}.mjs`);
  await build({
    entryPoints: [fileURLToPath(new URL("./fleet-instance.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "error",
    external: ["pg", "pg-native"],
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
    },
  });
  return outfile;
}

export interface InstanceOptions {
  readonly databaseUrl: string;
  readonly masterKey: string;
  readonly token: string;
}

/** A started instance: its URL, questions over IPC, and its process. */
export interface Instance {
  readonly name: string;
  readonly url: string;
  readonly process: ChildProcess;
  resolve(query: Record<string, unknown>): Promise<ResolveSummary>;
  health(): Promise<InstanceHealth>;
  /** Closes the server, the feed and the store, then exits. */
  stop(): Promise<void>;
  /** Resolves with the exit signal or code once the process is gone. */
  readonly exited: Promise<NodeJS.Signals | number | null>;
}

export interface ResolveSummary {
  readonly status: string;
  readonly key_id?: string;
  readonly version?: number;
  readonly credentials_sha256?: string;
}

export interface InstanceHealth {
  readonly store: string;
  readonly connected: boolean;
  readonly last_change_applied_at: string | null;
  readonly lag_ms: number | null;
}

/** Why an instance refused to start (a wrong master key, say). */
export class InstanceStartError extends Error {
  override name = "InstanceStartError";
  constructor(
    readonly instance: string,
    readonly causeName: string,
    readonly reason: unknown,
    message: string,
  ) {
    super(`${instance} did not start: ${causeName}: ${message}`);
  }
}

/** Starts one instance and waits until it serves (or says why it cannot). */
export function startInstance(
  bundle: string,
  name: string,
  options: InstanceOptions,
): Promise<Instance> {
  const child = fork(bundle, [], {
    env: {
      PATH: process.env.PATH,
      BYOKIT_FLEET_DATABASE_URL: options.databaseUrl,
      BYOKIT_MASTER_KEY: options.masterKey,
      BYOKIT_FLEET_TOKEN: options.token,
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ?? code)),
  );
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  child.on("message", (message: { id?: number; result?: unknown; error?: { message: string } }) => {
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(`${name}: ${message.error.message}`));
    else waiter?.resolve(message.result);
  });
  void exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${name} exited`));
    pending.clear();
  });
  const ask = <T>(request: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, ...request });
    });

  return new Promise<Instance>((resolve, reject) => {
    const onMessage = (message: {
      type?: string;
      url?: string;
      name?: string;
      message?: string;
      reason?: unknown;
    }) => {
      if (message.type === "ready") {
        child.off("message", onMessage);
        resolve({
          name,
          url: message.url!,
          process: child,
          exited,
          resolve: (query) => ask<ResolveSummary>({ op: "resolve", query }),
          health: () => ask<InstanceHealth>({ op: "health" }),
          stop: async () => {
            if (child.exitCode !== null || child.signalCode !== null) return;
            await ask({ op: "stop" }).catch(() => undefined);
            await exited;
          },
        });
      } else if (message.type === "failed") {
        child.off("message", onMessage);
        reject(
          new InstanceStartError(
            name,
            message.name ?? "Error",
            message.reason,
            message.message ?? "",
          ),
        );
      }
    };
    child.on("message", onMessage);
    void exited.then((code) => reject(new Error(`${name} exited before it was ready (${code})`)));
  });
}

/**
 * Polls `check` until it returns a value (not `undefined`), or fails after `ms`; `everyMs` 0
 * polls again at once (the benchmark, whose lag figures must not carry a polling interval).
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  ms = 10_000,
  everyMs = 5,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) =>
      everyMs === 0 ? setImmediate(resolve) : setTimeout(resolve, everyMs),
    );
  }
}
