import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ValidationError } from "../../src/errors/validation-error.js";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { fileStore } from "../../src/local/file-store.js";
import { FileStoreError } from "../../src/local/file-store-error.js";
import { StaleWriteError } from "../../src/local/stale-write-error.js";
import {
  call,
  fakeApiKey,
  fakeRegion,
  storedApiKey,
  storedOpenAiEntry,
  storedOrganization,
  TOKEN,
} from "./helpers.js";

const newKey = () => randomBytes(32).toString("base64");

let directory: string;
let path: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "byokit-file-store-"));
  path = join(directory, "keys.json");
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(directory, { recursive: true, force: true });
});

const entry = (id: string, credentials: unknown) => storedOpenAiEntry(id, credentials);

describe("fileStore", () => {
  it("reads back what it wrote after reopening, through a backend", async () => {
    const masterKey = newKey();
    const secret = fakeApiKey();
    const region = fakeRegion();
    const first = createLocalBackend({ store: fileStore(path, { masterKey }), token: TOKEN });
    const created = await call(first, "POST", "/provider-keys", {
      body: { provider: "openai", name: "Persisted", provider_key: secret },
    });
    await call(first, "POST", "/provider-keys", {
      body: { provider: "bedrock", name: "AWS", provider_key: { global: region } },
    });
    const reopened = createLocalBackend({ store: fileStore(path, { masterKey }), token: TOKEN });
    const listed = await call(reopened, "GET", "/provider-keys?order_direction=ASC");
    expect(listed.json.data.map((r: { name: string }) => r.name)).toEqual(["Persisted", "AWS"]);
    expect(listed.json.data[0]).toEqual(created.json);
    const resolved = await reopened.resolve({ provider: "openai" });
    expect(resolved.status === "resolved" && resolved.credentials).toBe(secret);
    const bedrock = await reopened.resolve({ provider: "bedrock", region: "eu-west-1" });
    expect(bedrock.status === "resolved" && bedrock.credentials).toEqual(region);
  });

  it("keeps no plaintext secret or name in the file, and a fresh IV per write", async () => {
    const store = fileStore(path, { masterKey: newKey() });
    const secret = fakeApiKey();
    await store.put(entry("pk_plaintext_check", secret));
    const first = await readFile(path, "utf8");
    for (const fragment of [secret, secret.slice(-12), "pk_plaintext_check", "openai"]) {
      expect(first).not.toContain(fragment);
    }
    expect(Buffer.from(await readFile(path)).includes(Buffer.from(secret.slice(-12)))).toBe(false);
    await store.put(entry("pk_plaintext_check", secret));
    const second = JSON.parse(await readFile(path, "utf8"));
    expect(second.iv).not.toBe(JSON.parse(first).iv);
    expect(second.cipher).toBe("aes-256-gcm");
  });

  it("writes the file with mode 0600 and leaves no temporary file behind", async () => {
    const store = fileStore(path, { masterKey: newKey() });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.put(entry(`pk_${i}`, fakeApiKey()))),
    );
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readdir(directory)).sort()).toEqual([".keys.json.generation", "keys.json"]);
    expect(await store.load()).toHaveLength(10);
  });

  it("serializes concurrent writers so none is lost", async () => {
    const masterKey = newKey();
    const store = fileStore(path, { masterKey });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.put(entry(`pk_${i}`, fakeApiKey()))),
    );
    await store.delete("org_1", "pk_3");
    expect(await fileStore(path, { masterKey }).load()).toHaveLength(19);
  });

  it("refuses a wrong master key with a clear error and leaves the file untouched", async () => {
    await fileStore(path, { masterKey: newKey() }).put(entry("pk_1", fakeApiKey()));
    const before = await readFile(path);
    const wrong = fileStore(path, { masterKey: newKey() });
    const failure = await wrong.load().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FileStoreError);
    expect((failure as FileStoreError).reason).toBe("wrong_master_key");
    expect((failure as Error).message).toMatch(/master key/);
    await expect(wrong.put(entry("pk_2", fakeApiKey()))).rejects.toBeInstanceOf(FileStoreError);
    await expect(wrong.delete("org_1", "pk_1")).rejects.toBeInstanceOf(FileStoreError);
    expect(await readFile(path)).toEqual(before);
  });

  it("refuses a corrupt file with a clear error and leaves it untouched", async () => {
    const masterKey = newKey();
    for (const damaged of ["not json at all", '{"format":"something-else"}']) {
      await writeFile(path, damaged);
      const store = fileStore(path, { masterKey });
      const failure = await store.load().catch((error: unknown) => error);
      expect((failure as FileStoreError).reason).toBe("corrupt");
      await expect(store.put(entry("pk_1", fakeApiKey()))).rejects.toThrow(/left untouched/);
      expect(await readFile(path, "utf8")).toBe(damaged);
    }
  });

  it("refuses a file whose ciphertext was altered", async () => {
    const masterKey = newKey();
    await fileStore(path, { masterKey }).put(entry("pk_1", fakeApiKey()));
    const contents = JSON.parse(await readFile(path, "utf8"));
    const data = Buffer.from(contents.data, "base64");
    data[0] = data[0]! ^ 1;
    const altered = JSON.stringify({ ...contents, data: data.toString("base64") });
    await writeFile(path, altered);
    const failure = await fileStore(path, { masterKey })
      .load()
      .catch((error: unknown) => error);
    expect((failure as FileStoreError).reason).toBe("wrong_master_key");
    expect(await readFile(path, "utf8")).toBe(altered);
  });

  it("answers 500 without details when a backend's file cannot be opened", async () => {
    await fileStore(path, { masterKey: newKey() }).put(entry("pk_1", fakeApiKey()));
    const local = createLocalBackend({
      store: fileStore(path, { masterKey: newKey() }),
      token: TOKEN,
    });
    const response = await call(local, "GET", "/provider-keys");
    expect(response.status).toBe(500);
    expect(response.json.error.type).toBe("api_error");
    expect(response.text).not.toContain(path);
  });

  it("takes the master key from BYOKIT_MASTER_KEY, and explains a missing or short one", async () => {
    vi.stubEnv("BYOKIT_MASTER_KEY", "");
    expect(() => fileStore(path)).toThrow(ValidationError);
    expect(() => fileStore(path)).toThrow(/BYOKIT_MASTER_KEY/);
    expect(() => fileStore(path, { masterKey: randomBytes(16).toString("base64") })).toThrow(
      /32 bytes/,
    );
    expect(() => fileStore(path, { masterKey: "not base64 at all!" })).toThrow(/32 bytes/);
    const masterKey = newKey();
    vi.stubEnv("BYOKIT_MASTER_KEY", masterKey);
    await fileStore(path).put(entry("pk_env", fakeApiKey()));
    expect(await fileStore(path, { masterKey }).load()).toHaveLength(1);
  });

  it("never shows the master key or a secret in JSON.stringify or util.inspect", async () => {
    const masterKey = newKey();
    const store = fileStore(path, { masterKey });
    const secret = fakeApiKey();
    await store.put(entry("pk_1", secret));
    for (const text of [JSON.stringify(store), inspect(store, { showHidden: true, depth: 10 })]) {
      expect(text).not.toContain(masterKey);
      expect(text).not.toContain(secret);
    }
  });
});

describe("fileStore rollback (issue 11, item 5)", () => {
  it("refuses an older copy written back, unless allowRollback", async () => {
    const masterKey = newKey();
    const store = fileStore(path, { masterKey });
    await store.put(entry("pk_old", "sk-test-FAKEoldsecret000000000000"));
    const oldCopy = await readFile(path);
    await store.delete("org_1", "pk_old");
    await store.put(entry("pk_new", "sk-test-FAKEnewsecret000000000000"));
    // The attacker needs no master key: the old bytes are a valid file.
    await writeFile(path, oldCopy);
    const reopened = fileStore(path, { masterKey });
    const error = await reopened.load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileStoreError);
    expect((error as FileStoreError).reason).toBe("rollback");
    expect((error as FileStoreError).message).toMatch(
      /older \(generation 1\).*generation 3.*allowRollback/,
    );
    expect(await readFile(path)).toEqual(oldCopy);
    const allowed = fileStore(path, { masterKey, allowRollback: true });
    expect((await allowed.load()).map((e) => e.record.id)).toEqual(["pk_old"]);
    // A write after an allowed rollback is newer than anything seen: it opens normally.
    await allowed.put(entry("pk_after", "sk-test-FAKEafter00000000000000000"));
    expect((await fileStore(path, { masterKey }).load()).map((e) => e.record.id).sort()).toEqual([
      "pk_after",
      "pk_old",
    ]);
  });

  it("binds the generation and the path: an edited header or a moved file does not decrypt", async () => {
    const masterKey = newKey();
    const store = fileStore(path, { masterKey });
    await store.put(entry("pk_1", "sk-test-FAKEsecret1000000000000000"));
    const contents = JSON.parse(await readFile(path, "utf8"));
    expect(contents).toMatchObject({ version: 2, generation: 1 });
    await writeFile(path, JSON.stringify({ ...contents, generation: 9 }));
    const edited = await fileStore(path, { masterKey })
      .load()
      .catch((caught: unknown) => caught);
    expect((edited as FileStoreError).reason).toBe("wrong_master_key");
    const elsewhere = join(directory, "other.json");
    await writeFile(elsewhere, JSON.stringify(contents));
    const moved = await fileStore(elsewhere, { masterKey })
      .load()
      .catch((caught: unknown) => caught);
    expect((moved as FileStoreError).reason).toBe("wrong_master_key");
  });

  it("opens a version 1 file (no generation) and rewrites it as version 2", async () => {
    const { createCipheriv } = await import("node:crypto");
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    cipher.setAAD(Buffer.from("byokit-file-store:1"));
    const legacy = entry("pk_legacy", "sk-test-FAKElegacy00000000000000000");
    const data = Buffer.concat([cipher.update(JSON.stringify({ keys: [legacy] })), cipher.final()]);
    await writeFile(
      path,
      JSON.stringify({
        format: "byokit-file-store",
        version: 1,
        cipher: "aes-256-gcm",
        iv: iv.toString("base64"),
        tag: cipher.getAuthTag().toString("base64"),
        data: data.toString("base64"),
      }),
    );
    const store = fileStore(path, { masterKey: key });
    expect((await store.load()).map((e) => e.record.id)).toEqual(["pk_legacy"]);
    await store.put(entry("pk_2", "sk-test-FAKEsecond0000000000000000"));
    expect(JSON.parse(await readFile(path, "utf8"))).toMatchObject({ version: 2, generation: 1 });
    expect(JSON.parse(await readFile(join(directory, ".keys.json.generation"), "utf8"))).toEqual({
      generation: 1,
    });
  });
});

describe("fileStore, organizations and API key versions", () => {
  it("persists organizations and API key versions across a reopen", async () => {
    const masterKey = newKey();
    const store = fileStore(path, { masterKey });
    await store.organizations!.put(storedOrganization("org_1", 1, true), { expectedVersion: null });
    await store.apiKeys!.put(storedApiKey("key_a", 4), { expectedVersion: null });
    const reopened = fileStore(path, { masterKey });
    expect(await reopened.organizations!.load()).toEqual([storedOrganization("org_1", 1, true)]);
    expect((await reopened.apiKeys!.get!("org_1", "key_a"))?.version).toBe(4);
    await expect(
      reopened.apiKeys!.put(storedApiKey("key_a", 5), { expectedVersion: 3 }),
    ).rejects.toBeInstanceOf(StaleWriteError);
  });

  it("reads a file written before organizations and API key versions (a version counts as 1)", async () => {
    const { createCipheriv } = await import("node:crypto");
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    cipher.setAAD(Buffer.from("byokit-file-store:1"));
    const apiKey = storedApiKey("key_old");
    const data = Buffer.concat([
      cipher.update(JSON.stringify({ keys: [], api_keys: [apiKey] })),
      cipher.final(),
    ]);
    await writeFile(
      path,
      JSON.stringify({
        format: "byokit-file-store",
        version: 1,
        cipher: "aes-256-gcm",
        iv: iv.toString("base64"),
        tag: cipher.getAuthTag().toString("base64"),
        data: data.toString("base64"),
      }),
    );
    const store = fileStore(path, { masterKey: key });
    expect(await store.organizations!.load()).toEqual([]);
    expect(await store.apiKeys!.load()).toEqual([apiKey]);
    // Through a backend: the old key updates as version 1 → 2.
    const local = createLocalBackend({ store, token: TOKEN });
    const base = "http://localhost/v1/organizations/org_1/api_keys/key_old";
    const updated = await local.fetch(base, {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Renamed" }),
    });
    expect(updated.status).toBe(200);
    expect((await store.apiKeys!.get!("org_1", "key_old"))?.version).toBe(2);
  });
});
