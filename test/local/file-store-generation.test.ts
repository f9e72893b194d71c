import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ValidationError } from "../../src/errors/validation-error.js";
import { fileStore } from "../../src/local/file-store.js";
import { FileStoreError } from "../../src/local/file-store-error.js";
import type { StoreFeedEvent } from "../../src/local/store.js";
import { sealStoreFile, storedApiKey, storedOpenAiEntry } from "./helpers.js";

let directory: string;
let path: string;
let record: string;
let key: Buffer;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "byokit-file-store-generation-"));
  path = join(directory, "keys.json");
  record = join(directory, ".keys.json.generation");
  key = randomBytes(32);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(directory, { recursive: true, force: true });
});

const entry = (id: string) => storedOpenAiEntry(id, `sk-test-FAKE${id.padEnd(24, "0")}`);
const failure = (promise: Promise<unknown>) => promise.catch((caught: unknown) => caught);
const header = async () => JSON.parse(await readFile(path, "utf8"));
const recorded = async () => JSON.parse(await readFile(record, "utf8"));

describe("fileStore generation record", () => {
  it("counts a missing record as generation 0 and writes generation 1 next", async () => {
    const store = fileStore(path, { masterKey: key });
    await store.put(entry("pk_1"));
    expect(await header()).toMatchObject({ version: 2, generation: 1 });
    expect(await recorded()).toEqual({ generation: 1 });
  });

  it("opens a record of generation 0", async () => {
    await writeFile(record, '{"generation":0}');
    await fileStore(path, { masterKey: key }).put(entry("pk_1"));
    expect(await recorded()).toEqual({ generation: 1 });
  });

  it("continues after a file newer than its record (a crash between the two renames)", async () => {
    await writeFile(
      path,
      sealStoreFile(path, key, JSON.stringify({ keys: [] }), { generation: 5 }),
    );
    await writeFile(record, '{"generation":3}');
    await fileStore(path, { masterKey: key }).put(entry("pk_1"));
    expect(await header()).toMatchObject({ generation: 6 });
    expect(await recorded()).toEqual({ generation: 6 });
  });

  // A version-1 header is not bound to its ciphertext: a generation written into it proves
  // nothing, so the file counts as generation 0, older than any store with a record.
  it.each<[string, unknown]>([
    ["a generation higher than the record's", 99],
    ["a generation that is not a number", "x"],
  ])("refuses a version-1 copy whose header claims %s, as a rollback", async (_, claimed) => {
    const legacy = sealStoreFile(path, key, JSON.stringify({ keys: [entry("pk_old")] }), {
      version: 1,
      header: { generation: claimed },
    });
    await writeFile(record, '{"generation":3}');
    await writeFile(path, legacy);
    const error = await failure(fileStore(path, { masterKey: key }).load());
    expect(error).toBeInstanceOf(FileStoreError);
    expect((error as FileStoreError).reason).toBe("rollback");
    expect(await readFile(path, "utf8")).toBe(legacy);
    expect(await recorded()).toEqual({ generation: 3 });
  });

  it("opens a version-1 file that claims a generation when there is no record, and writes generation 1", async () => {
    const legacy = sealStoreFile(path, key, JSON.stringify({ keys: [entry("pk_old")] }), {
      version: 1,
      header: { generation: 99 },
    });
    await writeFile(path, legacy);
    const store = fileStore(path, { masterKey: key });
    expect((await store.load()).map((stored) => stored.record.id)).toEqual(["pk_old"]);
    await store.put(entry("pk_new"));
    expect(await header()).toMatchObject({ version: 2, generation: 1 });
  });

  for (const damaged of [
    "not json",
    "null",
    "{}",
    '{"generation":"2"}',
    '{"generation":-1}',
    '{"generation":1.5}',
    '{"generation":9007199254740992}',
  ]) {
    it(`refuses a damaged record ${damaged} as corrupt, and changes nothing`, async () => {
      await writeFile(record, damaged);
      const store = fileStore(path, { masterKey: key });
      const error = await failure(store.load());
      expect(error).toBeInstanceOf(FileStoreError);
      expect((error as FileStoreError).reason).toBe("corrupt");
      expect((error as FileStoreError).message).toBe(
        `${record} is damaged; it records the store's last generation (delete it only if you trust the store file)`,
      );
      await expect(store.put(entry("pk_1"))).rejects.toBeInstanceOf(FileStoreError);
      expect(await readdir(directory)).toEqual([".keys.json.generation"]);
      expect(await readFile(record, "utf8")).toBe(damaged);
    });
  }

  it("reports a record it cannot read as io, with the cause", async () => {
    await mkdir(record);
    const error = await failure(fileStore(path, { masterKey: key }).load());
    expect(error).toBeInstanceOf(FileStoreError);
    expect((error as FileStoreError).reason).toBe("io");
    expect((error as FileStoreError).message).toBe(`cannot read ${record}`);
    expect(((error as FileStoreError).cause as NodeJS.ErrnoException).code).toBe("EISDIR");
  });
});

describe("fileStore file system errors", () => {
  it("reports a store file it cannot read as io, with the cause", async () => {
    await mkdir(path);
    const error = await failure(fileStore(path, { masterKey: key }).load());
    expect(error).toBeInstanceOf(FileStoreError);
    expect((error as FileStoreError).reason).toBe("io");
    expect((error as FileStoreError).message).toBe(`cannot read the store file ${path}`);
    expect(((error as FileStoreError).cause as NodeJS.ErrnoException).code).toBe("EISDIR");
  });

  it("reads a store in a missing directory as empty, and refuses to write there as io", async () => {
    const missing = join(directory, "missing", "keys.json");
    const store = fileStore(missing, { masterKey: key });
    expect(await store.load()).toEqual([]);
    const error = await failure(store.put(entry("pk_1")));
    expect(error).toBeInstanceOf(FileStoreError);
    expect((error as FileStoreError).reason).toBe("io");
    expect((error as FileStoreError).message).toBe(`cannot write the store file ${missing}`);
    expect(((error as FileStoreError).cause as NodeJS.ErrnoException).code).toBe("ENOENT");
    expect(await readdir(directory)).toEqual([]);
  });

  it("removes its temporary file when the rename fails", async () => {
    const store = fileStore(path, { masterKey: key });
    expect(await store.load()).toEqual([]);
    // The path became a directory that is not empty: the rename over it fails.
    await mkdir(path);
    await writeFile(join(path, "inside"), "");
    const error = await failure(store.put(entry("pk_1")));
    expect((error as FileStoreError).reason).toBe("io");
    expect((error as FileStoreError).message).toBe(`cannot write the store file ${path}`);
    expect(await readdir(directory)).toEqual(["keys.json"]);
  });

  it("keeps no file descriptor open after its writes", async () => {
    const openUnder = async () => {
      const targets = await Promise.all(
        (await readdir("/proc/self/fd")).map((fd) =>
          readlink(`/proc/self/fd/${fd}`).catch(() => ""),
        ),
      );
      return targets.filter((target) => target.startsWith(directory));
    };
    const store = fileStore(path, { masterKey: key });
    for (let i = 0; i < 3; i++) await store.put(entry(`pk_${i}`));
    expect(await openUnder()).toEqual([]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(record)).mode & 0o777).toBe(0o600);
  });
});

describe("fileStore leftover temporary files", () => {
  const removed = [".keys.json.0123456789ab.tmp", "..keys.json.generation.fedcba987654.tmp"];
  const kept = [
    ".keys.json.0123456789AB.tmp",
    ".keys.json.0123456789a.tmp",
    ".keys.json.0123456789abc.tmp",
    ".keys.json.0123456789ab.tmp.bak",
    "x.keys.json.0123456789ab.tmp",
    ".keysXjson.0123456789ab.tmp",
    ".keys.json.generation.0123456789ab.tmp",
    "..keys.json.generationX0123456789ab.tmp",
    ".other.json.0123456789ab.tmp",
    "notes.txt",
  ];
  const plant = () =>
    Promise.all([...removed, ...kept].map((name) => writeFile(join(directory, name), "old")));

  it("removes only its own at open, when there is no store file yet", async () => {
    await plant();
    expect(await fileStore(path, { masterKey: key }).load()).toEqual([]);
    expect((await readdir(directory)).sort()).toEqual([...kept].sort());
  });

  it("removes only its own at open, once the key has opened the store file", async () => {
    await writeFile(path, sealStoreFile(path, key, JSON.stringify({ keys: [] })));
    await plant();
    expect(await fileStore(path, { masterKey: key }).load()).toEqual([]);
    expect((await readdir(directory)).sort()).toEqual([...kept, "keys.json"].sort());
  });

  it("escapes the file name: its other characters are not patterns", async () => {
    const odd = join(directory, "k+(e)y$.json");
    const own = ".k+(e)y$.json.0123456789ab.tmp";
    const similar = ".kk(e)y$.json.0123456789ab.tmp";
    await writeFile(join(directory, own), "old");
    await writeFile(join(directory, similar), "old");
    expect(await fileStore(odd, { masterKey: key }).load()).toEqual([]);
    expect(await readdir(directory)).toEqual([similar]);
  });
});

describe("fileStore options", () => {
  it("refuses a path that is not a non-empty string", () => {
    for (const bad of ["", 42, undefined]) {
      const error = (() => {
        try {
          fileStore(bad as string, { masterKey: key });
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        { path: "path", message: "must be a file path" },
      ]);
    }
  });

  const required = {
    path: "masterKey",
    message:
      "is required: pass masterKey or set BYOKIT_MASTER_KEY (32 bytes, base64; `byokit keygen` prints one)",
  };
  const issues = (options?: { masterKey?: string }) => {
    try {
      fileStore(path, options);
    } catch (caught) {
      expect(caught).toBeInstanceOf(ValidationError);
      return (caught as ValidationError).issues;
    }
    throw new Error("fileStore accepted the key");
  };

  it("requires a master key, naming the option and the variable", () => {
    vi.stubEnv("BYOKIT_MASTER_KEY", undefined);
    expect(issues()).toEqual([required]);
    expect(issues({ masterKey: "" })).toEqual([required]);
    vi.stubEnv("BYOKIT_MASTER_KEY", "");
    expect(issues()).toEqual([required]);
  });

  it("names where a malformed master key came from", () => {
    const short = randomBytes(16).toString("base64");
    vi.stubEnv("BYOKIT_MASTER_KEY", key.toString("base64"));
    expect(issues({ masterKey: short })).toEqual([
      {
        path: "masterKey",
        message: "must be exactly 32 bytes, base64-encoded (`byokit keygen` prints one)",
      },
    ]);
    vi.stubEnv("BYOKIT_MASTER_KEY", short);
    expect(issues()).toEqual([
      {
        path: "BYOKIT_MASTER_KEY",
        message: "must be exactly 32 bytes, base64-encoded (`byokit keygen` prints one)",
      },
    ]);
  });

  it("shows only its kind and path in JSON and util.inspect", () => {
    const store = fileStore(path, { masterKey: key });
    expect(JSON.parse(JSON.stringify(store))).toEqual({ kind: "file", path });
    expect(inspect(store)).toBe(`FileStore { path: ${JSON.stringify(path)} }`);
  });
});

describe("fileStore collections", () => {
  it("returns copies from get: changing one changes nothing stored", async () => {
    const store = fileStore(path, { masterKey: key });
    await store.put(entry("pk_1"));
    const got = await store.get!("org_1", "pk_1");
    (got!.record as { name: string }).name = "changed";
    expect((await store.get!("org_1", "pk_1"))?.record.name).toBe("pk_1");
    expect(await store.get!("org_1", "pk_missing")).toBeUndefined();
  });

  it("publishes API key writes as api_key events", async () => {
    const store = fileStore(path, { masterKey: key });
    const events: StoreFeedEvent[] = [];
    store.subscribe!((event) => events.push(event));
    await store.apiKeys!.put(storedApiKey("key_1", 1), { expectedVersion: null });
    await store.apiKeys!.delete("org_1", "key_1");
    await new Promise((resolve) => setTimeout(resolve, 0));
    const change = (operation: string) => ({
      type: "change",
      change: {
        kind: "api_key",
        organization_id: "org_1",
        id: "key_1",
        version: 1,
        operation,
        committed_at: expect.any(String),
      },
    });
    expect(events).toEqual([change("put"), change("delete")]);
  });
});
