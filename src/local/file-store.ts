// Node-only: imported by nothing browser code reaches (see src/local/index.ts).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { chmod, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve as resolvePath } from "node:path";
import { ValidationError } from "../errors/validation-error.js";
import { FileStoreError } from "./file-store-error.js";
import {
  type Store,
  type StoreCollection,
  type StoredApiKey,
  type StoredProviderKey,
  storeKey,
} from "./store.js";
import { createWriteQueue } from "./write-queue.js";

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");
const FORMAT = "byokit-file-store";
const FORMAT_VERSION = 2;
/** Files written before generations: read (as generation 0), rewritten as version 2. */
const LEGACY_VERSION = 1;
const CIPHER = "aes-256-gcm";

/**
 * Bound to the ciphertext, so a file of another format or version never decrypts, and (from
 * version 2) neither does one whose generation or absolute path was changed in its header:
 * an older copy cannot pass itself off as newer, nor a file as another.
 */
function associatedData(version: number, generation: number, path: string): Buffer {
  return Buffer.from(
    version === LEGACY_VERSION
      ? `${FORMAT}:${LEGACY_VERSION}`
      : `${FORMAT}:${version}:${generation}:${path}`,
  );
}
const MASTER_KEY_ENV = "BYOKIT_MASTER_KEY";

export interface FileStoreOptions {
  /**
   * 32 bytes, base64 (`byokit keygen` prints one), or the bytes themselves. Default: the
   * `BYOKIT_MASTER_KEY` environment variable.
   */
  readonly masterKey?: string | Uint8Array;
  /**
   * Open a file older than the last one this store saw (its generation is below the one kept
   * in `.<file>.generation` beside it), as when restoring a backup on purpose. Default `false`:
   * that is a {@link FileStoreError} `rollback`, since writing back an old copy would bring
   * deleted or rotated secrets back to life.
   */
  readonly allowRollback?: boolean;
}

/** The file on disk: everything but the header is one AES-256-GCM ciphertext. */
interface FileContents {
  readonly format: typeof FORMAT;
  readonly version: typeof FORMAT_VERSION | typeof LEGACY_VERSION;
  /** How many writes made this file (absent in version 1); authenticated with the data. */
  readonly generation?: number;
  readonly cipher: typeof CIPHER;
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
}

/**
 * A store in one file, encrypted at rest with AES-256-GCM (a fresh 12-byte IV on every write;
 * the authentication tag is checked on every read). Writes are atomic (a temporary file in
 * the same directory, fsync, rename, fsync of the directory), the file is mode 0600, and
 * writers are serialized; temporary files a killed writer left behind are removed the next
 * time the store is opened with its key. A wrong master key or a damaged file is a
 * {@link FileStoreError} and the file (and its directory) is left as it was. Node only. One process per file: there is no lock
 * between processes.
 *
 * @example
 * const store = fileStore("./byokit-keys.json", { masterKey: process.env.BYOKIT_MASTER_KEY });
 * const local = createLocalBackend({ store, apiKeys });
 */
export function fileStore(path: string, options: FileStoreOptions = {}): Store {
  if (typeof path !== "string" || path === "") {
    throw new ValidationError([{ path: "path", message: "must be a file path" }]);
  }
  return new FileStore(path, readMasterKey(options.masterKey), options.allowRollback === true);
}

class FileStore implements Store {
  readonly #path: string;
  readonly #key: Buffer;
  readonly #queue = createWriteQueue();
  readonly #allowRollback: boolean;
  /** The generation of the file as last read or written; the next write is one more. */
  #generation = 0;
  #entries: Promise<Map<string, StoredProviderKey>> | undefined;
  /** Gateway API keys, in the same encrypted file; read with the provider keys. */
  #apiKeyEntries = new Map<string, StoredApiKey>();

  readonly apiKeys: StoreCollection<StoredApiKey> = {
    load: async () => {
      await this.#read();
      return [...this.#apiKeyEntries.values()].map((entry) => structuredClone(entry));
    },
    put: (entry) =>
      this.#changeApiKeys((entries) =>
        entries.set(storeKey(entry.organization_id, entry.record.id), structuredClone(entry)),
      ),
    delete: (organizationId, id) =>
      this.#changeApiKeys((entries) => entries.delete(storeKey(organizationId, id))),
  };

  constructor(path: string, key: Buffer, allowRollback: boolean) {
    this.#path = path;
    this.#key = key;
    this.#allowRollback = allowRollback;
  }

  async load(): Promise<readonly StoredProviderKey[]> {
    return [...(await this.#read()).values()].map((entry) => structuredClone(entry));
  }

  put(entry: StoredProviderKey): Promise<void> {
    return this.#change((entries) =>
      entries.set(storeKey(entry.organization_id, entry.record.id), structuredClone(entry)),
    );
  }

  delete(organizationId: string, id: string): Promise<void> {
    return this.#change((entries) => entries.delete(storeKey(organizationId, id)));
  }

  toJSON(): { kind: "file"; path: string } {
    return { kind: "file", path: this.#path };
  }

  [inspectSymbol](): string {
    return `FileStore { path: ${JSON.stringify(this.#path)} }`;
  }

  /** Applies a change to a copy, writes the copy, and only then makes it current. */
  #change(apply: (entries: Map<string, StoredProviderKey>) => void): Promise<void> {
    return this.#queue(async () => {
      const next = new Map(await this.#read());
      apply(next);
      await this.#write(next, this.#apiKeyEntries);
      this.#entries = Promise.resolve(next);
    });
  }

  /** {@link #change} for the API keys. */
  #changeApiKeys(apply: (entries: Map<string, StoredApiKey>) => void): Promise<void> {
    return this.#queue(async () => {
      const keys = await this.#read();
      const next = new Map(this.#apiKeyEntries);
      apply(next);
      await this.#write(keys, next);
      this.#apiKeyEntries = next;
    });
  }

  #read(): Promise<Map<string, StoredProviderKey>> {
    this.#entries ??= this.#readFile().catch((error: unknown) => {
      this.#entries = undefined;
      throw error;
    });
    return this.#entries;
  }

  async #readFile(): Promise<Map<string, StoredProviderKey>> {
    let text: string;
    const lastSeen = await readGeneration(this.#path);
    try {
      text = await readFile(this.#path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        this.#checkGeneration(0, lastSeen);
        this.#generation = lastSeen;
        // A first write killed before its rename: nothing to prove a key against, nothing kept.
        await removeLeftovers(this.#path);
        return new Map();
      }
      throw new FileStoreError("io", `cannot read the store file ${this.#path}`, { cause: error });
    }
    const contents = parseContents(text);
    if (!contents) {
      throw new FileStoreError(
        "corrupt",
        `${this.#path} is not a byokit store file (or it is damaged); it was left untouched`,
      );
    }
    let plaintext: string;
    try {
      const decipher = createDecipheriv(CIPHER, this.#key, Buffer.from(contents.iv, "base64"));
      decipher.setAAD(
        associatedData(contents.version, contents.generation ?? 0, resolvePath(this.#path)),
      );
      decipher.setAuthTag(Buffer.from(contents.tag, "base64"));
      plaintext = Buffer.concat([
        decipher.update(Buffer.from(contents.data, "base64")),
        decipher.final(),
      ]).toString("utf8");
    } catch {
      throw new FileStoreError(
        "wrong_master_key",
        `cannot decrypt ${this.#path}: the master key is not the one it was written with, or the file was altered; it was left untouched`,
      );
    }
    const entries = parseEntries(plaintext);
    const apiKeys = parseApiKeys(plaintext);
    if (!entries || !apiKeys) {
      throw new FileStoreError(
        "corrupt",
        `${this.#path} decrypted but holds no valid key list; it was left untouched`,
      );
    }
    const generation = contents.generation ?? 0;
    this.#checkGeneration(generation, lastSeen);
    this.#generation = Math.max(generation, lastSeen);
    // Only now that the key has proved right does this store touch anything on disk.
    await removeLeftovers(this.#path);
    this.#apiKeyEntries = new Map(
      apiKeys.map((entry) => [storeKey(entry.organization_id, entry.record.id), entry]),
    );
    return new Map(
      entries.map((entry) => [storeKey(entry.organization_id, entry.record.id), entry]),
    );
  }

  /** Refuses a file older than the last generation seen beside it, unless told to allow it. */
  #checkGeneration(generation: number, lastSeen: number): void {
    if (generation < lastSeen && !this.#allowRollback) {
      throw new FileStoreError(
        "rollback",
        `${this.#path} is older (generation ${generation}) than the last one this store saw (generation ${lastSeen}): an old copy was written back, which could restore deleted or rotated secrets; it was left untouched. To open it anyway (restoring a backup on purpose), pass allowRollback: true`,
      );
    }
  }

  async #write(
    entries: Map<string, StoredProviderKey>,
    apiKeys: Map<string, StoredApiKey>,
  ): Promise<void> {
    const generation = this.#generation + 1;
    const iv = randomBytes(12);
    const cipher = createCipheriv(CIPHER, this.#key, iv);
    cipher.setAAD(associatedData(FORMAT_VERSION, generation, resolvePath(this.#path)));
    const data = Buffer.concat([
      cipher.update(
        JSON.stringify({ keys: [...entries.values()], api_keys: [...apiKeys.values()] }),
        "utf8",
      ),
      cipher.final(),
    ]);
    const contents: FileContents = {
      format: FORMAT,
      version: FORMAT_VERSION,
      generation,
      cipher: CIPHER,
      iv: iv.toString("base64"),
      tag: cipher.getAuthTag().toString("base64"),
      data: data.toString("base64"),
    };
    await writeAtomically(this.#path, `${JSON.stringify(contents)}\n`);
    this.#generation = generation;
    // After the file: a crash in between leaves a file newer than its record, which opens.
    await writeAtomically(generationPath(this.#path), `${JSON.stringify({ generation })}\n`);
  }
}

/** `.<file name>.generation`, beside the file: the last generation written or read. */
function generationPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.generation`);
}

/** The last generation recorded beside `path`; 0 when there is none (a new or older store). */
async function readGeneration(path: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(generationPath(path), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw new FileStoreError("io", `cannot read ${generationPath(path)}`, { cause: error });
  }
  const generation = (() => {
    try {
      return (JSON.parse(text) as { generation?: unknown } | null)?.generation;
    } catch {
      return undefined;
    }
  })();
  if (typeof generation !== "number" || !Number.isSafeInteger(generation) || generation < 0) {
    throw new FileStoreError(
      "corrupt",
      `${generationPath(path)} is damaged; it records the store's last generation (delete it only if you trust the store file)`,
    );
  }
  return generation;
}

/** `.<file name>.<12 hex digits>.tmp`: where {@link writeAtomically} writes before its rename. */
function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
}

/**
 * Removes the temporary files of writes that never reached their rename (a process killed
 * mid-write): each is an encrypted copy of an older state, which may hold a secret deleted
 * since. Best effort; the store itself never depends on them.
 */
async function removeLeftovers(path: string): Promise<void> {
  const directory = dirname(path);
  // The store file's own, and those of its generation record (`..<name>.generation.<hex>.tmp`).
  const name = escapeRegExp(basename(path));
  const leftover = new RegExp(`^(?:\\.${name}|\\.\\.${name}\\.generation)\\.[0-9a-f]{12}\\.tmp$`);
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return;
  }
  await Promise.all(
    names
      .filter((name) => leftover.test(name))
      .map((name) => rm(join(directory, name), { force: true }).catch(() => undefined)),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Temporary file in the same directory, write, fsync, rename over, fsync the directory. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const directory = dirname(path);
  const temporary = temporaryPath(path);
  try {
    const handle = await open(
      temporary,
      constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY,
      0o600,
    );
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask can only narrow the mode; chmod makes 0600 explicit on every platform.
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new FileStoreError("io", `cannot write the store file ${path}`, { cause: error });
  }
  await syncDirectory(directory);
}

/** Makes the rename durable. Some platforms (Windows) cannot open a directory: skip there. */
async function syncDirectory(directory: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(directory, "r");
    await handle.sync();
  } catch {
    // Best effort: the data itself was already fsynced.
  } finally {
    await handle?.close();
  }
}

function readMasterKey(option: string | Uint8Array | undefined): Buffer {
  const fromEnv = option === undefined;
  const value = option ?? process.env[MASTER_KEY_ENV];
  const where = fromEnv ? MASTER_KEY_ENV : "masterKey";
  if (value === undefined || value === "") {
    throw new ValidationError([
      {
        path: "masterKey",
        message: `is required: pass masterKey or set ${MASTER_KEY_ENV} (32 bytes, base64; \`byokit keygen\` prints one)`,
      },
    ]);
  }
  const key =
    typeof value === "string"
      ? /^[A-Za-z0-9+/]{42,44}={0,2}$/.test(value.trim())
        ? Buffer.from(value.trim(), "base64")
        : Buffer.alloc(0)
      : Buffer.from(value);
  if (key.length !== 32) {
    throw new ValidationError([
      {
        path: where,
        message: "must be exactly 32 bytes, base64-encoded (`byokit keygen` prints one)",
      },
    ]);
  }
  return key;
}

function parseContents(text: string): FileContents | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const contents = value as Partial<FileContents> | null;
  const isBase64 = (field: unknown) =>
    typeof field === "string" && /^[A-Za-z0-9+/]*={0,2}$/.test(field);
  if (
    !contents ||
    contents.format !== FORMAT ||
    (contents.version !== FORMAT_VERSION && contents.version !== LEGACY_VERSION) ||
    (contents.version === FORMAT_VERSION &&
      (typeof contents.generation !== "number" ||
        !Number.isSafeInteger(contents.generation) ||
        contents.generation < 1)) ||
    contents.cipher !== CIPHER ||
    !isBase64(contents.iv) ||
    !isBase64(contents.tag) ||
    !isBase64(contents.data) ||
    Buffer.from(contents.iv!, "base64").length !== 12 ||
    Buffer.from(contents.tag!, "base64").length !== 16
  ) {
    return undefined;
  }
  return contents as FileContents;
}

function parseEntries(plaintext: string): StoredProviderKey[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(plaintext);
  } catch {
    return undefined;
  }
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) return undefined;
  const valid = keys.every(
    (entry: Partial<StoredProviderKey> | null) =>
      typeof entry?.organization_id === "string" &&
      typeof entry.record?.id === "string" &&
      typeof entry.record.created_at === "string" &&
      "credentials" in entry,
  );
  return valid ? (keys as StoredProviderKey[]) : undefined;
}

/** The gateway API keys of a decrypted file; a file written before they existed has none. */
function parseApiKeys(plaintext: string): StoredApiKey[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(plaintext);
  } catch {
    return undefined;
  }
  const apiKeys = (value as { api_keys?: unknown } | null)?.api_keys;
  if (apiKeys === undefined) return [];
  if (!Array.isArray(apiKeys)) return undefined;
  const valid = apiKeys.every(
    (entry: Partial<StoredApiKey> | null) =>
      typeof entry?.organization_id === "string" &&
      typeof entry.record?.id === "string" &&
      typeof entry.record.created_at === "string" &&
      typeof entry.key === "string",
  );
  return valid ? (apiKeys as StoredApiKey[]) : undefined;
}
