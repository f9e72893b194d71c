/**
 * A process writing to a file store through a local backend is killed with SIGKILL at a
 * random moment, again and again on the same file. After every kill the file opens with its
 * master key, is not corrupt, and holds every write the child saw acknowledged (plus, at
 * most, the one write that was in flight). Leftover temporary files change nothing.
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import { fileStore } from "../../../src/local/file-store.js";
import {
  apply,
  explainMismatch,
  leftoverTemporaryFiles,
  type Model,
  newMasterKey,
  ORG,
  prepareWorkspace,
  readModel,
  runWriter,
  STRESS,
} from "./crash-harness.js";

const TRIALS = STRESS ? 200 : 10;
/** Long enough for dozens of writes (each is an fsynced file replacement). */
const MAX_KILL_DELAY_MS = 150;

let workspace: Awaited<ReturnType<typeof prepareWorkspace>>;
beforeAll(async () => {
  workspace = await prepareWorkspace();
}, 60_000);
afterAll(() => workspace?.cleanup());

describe(`SIGKILL during writes (${TRIALS} trials on one file)`, () => {
  it(
    "never loses an acknowledged write nor corrupts the file",
    async () => {
      const path = join(workspace.directory, "store.json");
      const masterKey = newMasterKey();
      let model: Model = new Map();
      const stats = {
        acknowledged: 0,
        inFlightLanded: 0,
        inFlightLost: 0,
        killedIdle: 0,
        temporaryFilesLeft: 0,
      };

      for (let trial = 0; trial < TRIALS; trial += 1) {
        const { log } = runWriter({
          writer: workspace.writer,
          path,
          masterKey,
          maxWrites: 100_000,
          killAfterMs: Math.floor(Math.random() * MAX_KILL_DELAY_MS),
        });
        const result = await log;
        expect(result.failures, `trial ${trial}`).toEqual([]);
        expect(result.signal, `trial ${trial}`).toBe("SIGKILL");

        const acknowledged = apply(model, result.acknowledged);
        stats.temporaryFilesLeft += (await leftoverTemporaryFiles(path)).length;
        // Opening is itself the corruption check: it authenticates and parses every byte.
        const onDisk = await readModel(path, masterKey);
        expect(
          explainMismatch(onDisk, acknowledged, result.pending),
          `trial ${trial}: ${result.acknowledged.length} writes acknowledged`,
        ).toBeUndefined();
        // Opening with the right key cleared what the killed write left behind.
        expect(await leftoverTemporaryFiles(path)).toEqual([]);

        stats.acknowledged += result.acknowledged.length;
        if (!result.pending) stats.killedIdle += 1;
        else if (sameModel(onDisk, acknowledged)) stats.inFlightLost += 1;
        else stats.inFlightLanded += 1;
        model = onDisk;
      }

      // The trials really wrote, and really died mid-write sometimes.
      expect(stats.acknowledged).toBeGreaterThan(TRIALS);
      expect(stats.inFlightLanded + stats.inFlightLost).toBeGreaterThan(0);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      if (STRESS) console.info(`crash trials: ${TRIALS}`, stats);

      // Whatever temporary files the kills left, a new process reads and writes the file.
      const store = fileStore(path, { masterKey });
      const local = createLocalBackend({ store, organizationId: ORG });
      const response = await local.fetch(`http://127.0.0.1/v1/organizations/${ORG}/provider-keys`, {
        method: "POST",
        headers: { authorization: "Bearer any", "content-type": "application/json" },
        body: JSON.stringify({
          provider: "openai",
          name: "After the crashes",
          provider_key: "sk-test-FAKEaftercrashes000000",
        }),
      });
      expect(response.status).toBe(201);
      const reopened = await readModel(path, masterKey);
      expect(reopened.size).toBe(model.size + 1);
    },
    STRESS ? 600_000 : 30_000,
  );
});

function sameModel(a: Model, b: Model): boolean {
  if (a.size !== b.size) return false;
  for (const [id, value] of a) {
    const other = b.get(id);
    if (!other || other.version !== value.version || other.name !== value.name) return false;
  }
  return true;
}
