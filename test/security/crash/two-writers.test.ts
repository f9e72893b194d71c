/**
 * Two writers on one store file. The file store has no lock between processes (documented
 * in docs/SECURITY.md as a known limit): each writer keeps its own copy of the keys and
 * replaces the whole file on every write, so the last writer wins and the other's
 * acknowledged writes can be lost. What these tests prove is the floor under that: the file
 * is never corrupt, opens with its key, and holds only keys that some writer wrote.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fileStore } from "../../../src/local/file-store.js";
import { storedOpenAiEntry } from "../../local/helpers.js";
import {
  leftoverTemporaryFiles,
  newMasterKey,
  ORG,
  prepareWorkspace,
  readModel,
  runWriter,
  STRESS,
} from "./crash-harness.js";

let directory: string;
let path: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "byokit-two-writers-"));
  path = join(directory, "store.json");
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const entry = (id: string) => storedOpenAiEntry(id, `sk-test-FAKE${id}00000000000000`, ORG);

describe("two stores on one file (as two processes have)", () => {
  it("known limit: the last writer wins, and the other's acknowledged write is lost", async () => {
    const masterKey = newMasterKey();
    await fileStore(path, { masterKey }).put(entry("pk_seed"));
    const first = fileStore(path, { masterKey });
    const second = fileStore(path, { masterKey });
    await first.load();
    await second.load();

    await first.put(entry("pk_from_first"));
    await second.put(entry("pk_from_second"));

    const ids = (await fileStore(path, { masterKey }).load()).map((stored) => stored.record.id);
    expect(ids.sort()).toEqual(["pk_from_second", "pk_seed"]);
  });
});

describe("two writer processes at once", () => {
  let workspace: Awaited<ReturnType<typeof prepareWorkspace>>;
  beforeAll(async () => {
    workspace = await prepareWorkspace();
  }, 60_000);
  afterAll(() => workspace?.cleanup());

  const rounds = STRESS ? 20 : 2;

  it(
    `never corrupt the file, killed or not (${rounds} rounds)`,
    async () => {
      const masterKey = newMasterKey();
      let lostAcknowledged = 0;
      let acknowledged = 0;
      let refused = 0;
      /** Every name any writer ever wrote (names are unique per write). */
      const written = new Set<string>();
      for (let round = 0; round < rounds; round += 1) {
        const kill = round % 2 === 1;
        const writers = [0, 1].map(() =>
          runWriter({
            writer: workspace.writer,
            path,
            masterKey,
            // Killed rounds write until the kill; the others stop after 40 writes each.
            maxWrites: kill ? 100_000 : 40,
            killAfterMs: kill ? 20 + Math.floor(Math.random() * 100) : undefined,
          }),
        );
        const logs = await Promise.all(writers.map((writer) => writer.log));

        // Always opens: every replacement of the file was whole.
        const onDisk = await readModel(path, masterKey);
        for (const log of logs) {
          expect(log.signal).toBe(kill ? "SIGKILL" : null);
          // A write may be refused (500) when the other process, opening, removed its
          // temporary file as a leftover: loud, never silent.
          expect(log.failures.every((line) => line === "fail 500")).toBe(true);
          refused += log.failures.length;
          for (const write of log.acknowledged) {
            acknowledged += 1;
            if (write.op === "delete") continue;
            written.add(write.name!);
            const found = onDisk.get(write.id!);
            if (!found || found.version < write.version!) lostAcknowledged += 1;
          }
          if (log.pending?.name) written.add(log.pending.name);
        }
        // Nothing on disk that no writer wrote.
        for (const [id, { name }] of onDisk)
          expect(written.has(name), `${id} "${name}"`).toBe(true);
        expect(await leftoverTemporaryFiles(path)).toEqual([]);
      }
      expect(acknowledged).toBeGreaterThan(0);
      if (STRESS) console.info("two writers", { rounds, acknowledged, lostAcknowledged, refused });
    },
    STRESS ? 300_000 : 30_000,
  );
});
