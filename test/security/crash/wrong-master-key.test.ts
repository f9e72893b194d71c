/**
 * Opening a store file with the wrong master key (another key, a key one bit off, in this
 * process or in another one) never changes it: same bytes, same mtime, same inode, same
 * directory listing (leftover temporary files included), and every write is refused. The
 * right key still opens it afterwards.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import { fileStore } from "../../../src/local/file-store.js";
import { FileStoreError } from "../../../src/local/file-store-error.js";
import { newMasterKey, ORG, prepareWorkspace, runWriter, STRESS } from "./crash-harness.js";

const TOKEN = "wrong_key_admin_token";
const BASE = `http://127.0.0.1/v1/organizations/${ORG}/provider-keys`;
const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

let directory: string;
let path: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "byokit-wrong-key-"));
  path = join(directory, "store.json");
});
afterEach(() => rm(directory, { recursive: true, force: true }));

/** Everything about the file a careless write would change. */
async function fingerprint() {
  const info = await stat(path);
  return {
    bytes: (await readFile(path)).toString("base64"),
    mtimeMs: info.mtimeMs,
    ctimeMs: info.ctimeMs,
    ino: info.ino,
    mode: info.mode,
    directory: (await readdir(directory)).sort(),
  };
}

/** A store with two keys, written with `masterKey`, and a leftover temporary file beside it. */
async function seed(masterKey: string) {
  const local = createLocalBackend({
    store: fileStore(path, { masterKey }),
    token: TOKEN,
    organizationId: ORG,
  });
  const ids: string[] = [];
  for (const name of ["First", "Second"]) {
    const response = await local.fetch(BASE, {
      method: "POST",
      headers,
      body: JSON.stringify({
        provider: "openai",
        name,
        provider_key: `sk-test-FAKE${name}0000000000`,
      }),
    });
    ids.push(((await response.json()) as { id: string }).id);
  }
  // As a writer killed mid-write leaves it; the wrong key must not clean it up either.
  await writeFile(join(directory, ".store.json.0123456789ab.tmp"), "partial", { mode: 0o600 });
  return ids;
}

describe("a wrong master key", () => {
  it("leaves the file and its directory exactly as they were, whatever the backend is asked", async () => {
    const masterKey = newMasterKey();
    const [id] = await seed(masterKey);
    const before = await fingerprint();

    const wrong = createLocalBackend({
      store: fileStore(path, { masterKey: newMasterKey() }),
      token: TOKEN,
      organizationId: ORG,
    });
    const attempts = [
      wrong.fetch(BASE, { headers }),
      wrong.fetch(BASE, {
        method: "POST",
        headers,
        body: JSON.stringify({
          provider: "openai",
          name: "Intruder",
          provider_key: "sk-test-FAKEintruder000000",
        }),
      }),
      wrong.fetch(`${BASE}/${id}`, { method: "PATCH", headers, body: '{"name":"Renamed"}' }),
      wrong.fetch(`${BASE}/${id}`, { method: "DELETE", headers }),
    ];
    const statuses = (await Promise.all(attempts)).map((response) => response.status);
    expect(statuses).toEqual([500, 500, 500, 500]);
    await expect(wrong.resolve({ provider: "openai" })).rejects.toBeInstanceOf(FileStoreError);

    expect(await fingerprint()).toEqual(before);
    const reopened = await fileStore(path, { masterKey }).load();
    expect(reopened.map((entry) => entry.record.name).sort()).toEqual(["First", "Second"]);
    // The right key, and only it, clears the leftover temporary file.
    expect((await readdir(directory)).sort()).toEqual([".store.json.generation", "store.json"]);
  });

  it("is refused for every random key and every one-bit change of the right key", async () => {
    const masterKey = newMasterKey();
    await seed(masterKey);
    const before = await fingerprint();
    const right = Buffer.from(masterKey, "base64");

    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ minLength: 32, maxLength: 32 }),
          fc.nat({ max: 255 }).map((bit) => {
            const flipped = Buffer.from(right);
            flipped[bit >> 3] = flipped[bit >> 3]! ^ (1 << (bit & 7));
            return new Uint8Array(flipped);
          }),
        ),
        async (key) => {
          fc.pre(!Buffer.from(key).equals(right));
          const store = fileStore(path, { masterKey: key });
          const failure = await store.load().catch((error: unknown) => error);
          expect((failure as FileStoreError).reason).toBe("wrong_master_key");
          await expect(store.delete(ORG, "pk_any")).rejects.toBeInstanceOf(FileStoreError);
        },
      ),
      { numRuns: STRESS ? 500 : 40 },
    );
    expect(await fingerprint()).toEqual(before);
  });
});

describe("a wrong master key in another process", () => {
  let workspace: Awaited<ReturnType<typeof prepareWorkspace>>;
  beforeAll(async () => {
    workspace = await prepareWorkspace();
  }, 60_000);
  afterAll(() => workspace?.cleanup());

  it("makes the writer fail before it writes anything, and the file is unchanged", async () => {
    const masterKey = newMasterKey();
    await seed(masterKey);
    const before = await fingerprint();

    const { log } = runWriter({
      writer: workspace.writer,
      path,
      masterKey: newMasterKey(),
      maxWrites: 50,
    });
    const result = await log;

    expect(result.ready).toBe(false);
    expect(result.acknowledged).toEqual([]);
    expect(await fingerprint()).toEqual(before);
  });
});
