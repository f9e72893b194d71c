/**
 * Runs writer-child.ts in real child processes and kills them with SIGKILL. The child is
 * bundled once per test file with esbuild, so a trial costs a plain `node` start (~0.2 s)
 * rather than a TypeScript loader's (~1 s).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { fileStore } from "../../../src/local/file-store.js";

export const ORG = "org_crash";
export const STRESS = process.env.BYOKIT_STRESS === "1";

/** A fresh synthetic master key, base64. */
export function newMasterKey(): string {
  return randomBytes(32).toString("base64");
}

/** A temporary directory, and the bundled child in it. */
export async function prepareWorkspace(): Promise<{
  directory: string;
  writer: string;
  cleanup(): Promise<void>;
}> {
  const directory = await mkdtemp(join(tmpdir(), "byokit-crash-"));
  const writer = join(directory, "writer-child.mjs");
  await build({
    entryPoints: [fileURLToPath(new URL("./writer-child.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: writer,
    logLevel: "error",
    // Some bundled CommonJS dependencies call require() for Node built-ins.
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
    },
  });
  return { directory, writer, cleanup: () => rm(directory, { recursive: true, force: true }) };
}

/** One write a child announced (`begin`) and maybe saw acknowledged (`ack`). */
export interface Write {
  readonly op: "create" | "update" | "delete";
  /** Unknown for a create until it is acknowledged. */
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly version?: number;
}

/** What a child said before it died. */
export interface ChildLog {
  readonly ready: boolean;
  readonly acknowledged: Write[];
  /** Begun but not acknowledged when the child died: it may or may not be on disk. */
  readonly pending: Write | undefined;
  readonly failures: string[];
  readonly signal: NodeJS.Signals | null;
}

export interface RunOptions {
  readonly writer: string;
  readonly path: string;
  readonly masterKey: string;
  /** Writes before the child stops by itself. */
  readonly maxWrites: number;
  /** SIGKILL this many ms after the child reports `ready`; `undefined` lets it finish. */
  readonly killAfterMs?: number | undefined;
}

/** Starts a writer child; resolves once it has exited, with everything it said. */
export function runWriter(options: RunOptions): { child: ChildProcess; log: Promise<ChildLog> } {
  const child = spawn(process.execPath, [options.writer, options.path, String(options.maxWrites)], {
    env: { ...process.env, BYOKIT_MASTER_KEY: options.masterKey },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = new Promise<ChildLog>((resolve) => {
    let text = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      const wasReady = text.startsWith("ready ");
      text += chunk;
      if (!wasReady && text.startsWith("ready ") && options.killAfterMs !== undefined) {
        setTimeout(() => child.kill("SIGKILL"), options.killAfterMs);
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("close", (_code, signal) => {
      const parsed = parseLog(text);
      if (stderr.trim() !== "") parsed.failures.push(`stderr: ${stderr.trim()}`);
      resolve({ ...parsed, signal });
    });
  });
  return { child, log };
}

function parseLog(text: string): Omit<ChildLog, "signal"> {
  // Only whole lines: the last one may have been cut by the kill.
  const lines = text.split("\n").slice(0, -1);
  const acknowledged: Write[] = [];
  const failures: string[] = [];
  let pending: Write | undefined;
  let ready = false;
  for (const line of lines) {
    const [kind, op, a, b, c] = line.split(" ");
    if (kind === "ready") ready = true;
    else if (kind === "begin") {
      pending = {
        op: op as Write["op"],
        id: a === "-" ? undefined : a,
        name: b === "-" ? undefined : b,
      };
    } else if (kind === "ack") {
      acknowledged.push(
        op === "delete"
          ? { op, id: a, name: undefined }
          : { op: op as Write["op"], id: a, version: Number(b), name: c },
      );
      pending = undefined;
    } else if (kind === "fail") failures.push(line);
  }
  return { ready, acknowledged, pending, failures };
}

/** What the parent knows a store holds: id → version and name. */
export type Model = Map<string, { version: number; name: string }>;

/** Applies acknowledged writes to a model. */
export function apply(model: Model, writes: readonly Write[]): Model {
  const next: Model = new Map(model);
  for (const write of writes) {
    if (write.op === "delete") next.delete(write.id!);
    else next.set(write.id!, { version: write.version!, name: write.name! });
  }
  return next;
}

/** The store file's content as the parent reads it, with the same master key. */
export async function readModel(path: string, masterKey: string): Promise<Model> {
  const entries = await fileStore(path, { masterKey }).load();
  const model: Model = new Map();
  for (const entry of entries) {
    if (entry.organization_id !== ORG) continue;
    model.set(entry.record.id, { version: entry.record.version ?? 0, name: entry.record.name });
  }
  return model;
}

/**
 * Why the file's content is not "every acknowledged write, plus at most the one write that
 * was in flight": `undefined` when it is.
 */
export function explainMismatch(
  onDisk: Model,
  acknowledged: Model,
  pending: Write | undefined,
): string | undefined {
  const extra = [...onDisk.keys()].filter((id) => !acknowledged.has(id));
  for (const [id, expected] of acknowledged) {
    const found = onDisk.get(id);
    const inFlight = pending?.id === id ? pending : undefined;
    if (!found) {
      if (inFlight?.op === "delete") continue;
      return `acknowledged key ${id} (version ${expected.version}) is missing`;
    }
    if (found.version === expected.version && found.name === expected.name) continue;
    if (
      inFlight?.op === "update" &&
      found.version === expected.version + 1 &&
      found.name === inFlight.name
    ) {
      continue;
    }
    return `key ${id} is at version ${found.version} "${found.name}", acknowledged ${expected.version} "${expected.name}"`;
  }
  if (extra.length === 0) return undefined;
  const [id] = extra;
  const found = onDisk.get(id!)!;
  if (extra.length === 1 && pending?.op === "create" && found.name === pending.name) {
    return found.version === 1
      ? undefined
      : `in-flight create ${id} is at version ${found.version}`;
  }
  return `unexpected keys on disk: ${extra.join(", ")}`;
}

/** The temporary files an interrupted atomic write may leave next to the store. */
export async function leftoverTemporaryFiles(path: string): Promise<string[]> {
  const prefix = `.${basename(path)}.`;
  return (await readdir(dirname(path))).filter(
    (name) => name.startsWith(prefix) && name.endsWith(".tmp"),
  );
}
