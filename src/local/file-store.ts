// Node-only: imported by nothing browser code reaches (see src/local/index.ts).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { chmod, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve as resolvePath } from "node:path";
import { ValidationError } from "../errors/validation-error.js";
import { ChangeFeed } from "./change-feed.js";
import { FileStoreError } from "./file-store-error.js";
import { masterKeyBytes } from "./master-key-bytes.js";
import { MemoryIdempotencyStore } from "./memory-idempotency.js";
import {
  type IdempotencyStore,
  type Store,
  type StoreCollection,
  type StoredApiKey,
  type StoredOrganization,
  type StoredProviderKey,
  type StoreEntryKind,
  type StoreFeedEvent,
  type StoreHealth,
  storeKey,
  type WriteCondition,
} from "./store.js";
import {
  apiKeyVersion,
  checkWriteCondition,
  organizationVersion,
  providerKeyVersion,
} from "./write-condition.js";
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
/**
 * The generation a file's encryption vouches for. A version-1 file's header is not bound to
 * its ciphertext, so a `generation` written into it (by anyone, no key needed) is ignored: it
 * is generation 0, older than any store that has a record.
 */
function authenticatedGeneration(contents: FileContents): number {
  return contents.version === LEGACY_VERSION ? 0 : (contents.generation ?? 0);
}

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

/** What the decrypted file holds, each collection by {@link storeKey}. */
interface FileState {
  readonly keys: ReadonlyMap<string, StoredProviderKey>;
  readonly apiKeys: ReadonlyMap<string, StoredApiKey>;
  readonly organizations: ReadonlyMap<string, StoredOrganization>;
}

/** What every entry of every collection has: where it is filed. */
interface Filed {
  readonly organization_id: string;
  readonly record: { readonly id: string };
}

type FileEntry<K extends keyof FileState> =
  FileState[K] extends ReadonlyMap<string, infer T> ? T : never;

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
 * {@link FileStoreError} and the file (and its directory) is left as it was. Node only.
 *
 * SINGLE-PROCESS: one process per file, there is no lock between processes (two processes
 * writing one file lose each other's writes). Within the process it keeps the many-writer
 * contract: conditional writes checked against its state, `get`, organizations and API-key
 * versions in the encrypted file, a change feed for this process's listeners; idempotency
 * records stay in memory. For a fleet of instances, use `postgresStore`.
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
  readonly #feed = new ChangeFeed();
  /** The generation of the file as last read or written; the next write is one more. */
  #generation = 0;
  #state: Promise<FileState> | undefined;

  readonly apiKeys: StoreCollection<StoredApiKey> = this.#collection(
    "apiKeys",
    "api_key",
    apiKeyVersion,
  );
  /** Organizations, in the same encrypted file (absent in files written before them). */
  readonly organizations: StoreCollection<StoredOrganization> = this.#collection(
    "organizations",
    "organization",
    organizationVersion,
  );
  /** Kept in memory, not in the file: a restart forgets them (one process, see above). */
  readonly idempotency: IdempotencyStore = new MemoryIdempotencyStore();
  readonly #providerKeys: StoreCollection<StoredProviderKey> = this.#collection(
    "keys",
    "provider_key",
    providerKeyVersion,
  );

  constructor(path: string, key: Buffer, allowRollback: boolean) {
    this.#path = path;
    this.#key = key;
    this.#allowRollback = allowRollback;
  }

  load(): Promise<readonly StoredProviderKey[]> {
    return this.#providerKeys.load();
  }

  get(organizationId: string, id: string): Promise<StoredProviderKey | undefined> {
    return this.#providerKeys.get!(organizationId, id);
  }

  put(entry: StoredProviderKey, condition?: WriteCondition): Promise<void> {
    return this.#providerKeys.put(entry, condition);
  }

  delete(organizationId: string, id: string, condition?: WriteCondition): Promise<void> {
    return this.#providerKeys.delete(organizationId, id, condition);
  }

  /** This process's writes only: another process writing the same file is never seen. */
  subscribe(listener: (event: StoreFeedEvent) => void): () => void {
    return this.#feed.subscribe(listener);
  }

  health(): StoreHealth {
    return { kind: "file", connected: true };
  }

  async close(): Promise<void> {}

  toJSON(): { kind: "file"; path: string } {
    return { kind: "file", path: this.#path };
  }

  [inspectSymbol](): string {
    return `FileStore { path: ${JSON.stringify(this.#path)} }`;
  }

  /**
   * One collection of the file: reads from the decrypted state; a write checks its condition
   * against that state, writes a changed copy of the whole file, only then makes the copy
   * current, and publishes the change. Writes are serialized, so check and write are one step.
   */
  #collection<K extends keyof FileState>(
    name: K,
    kind: StoreEntryKind,
    versionOf: (entry: FileEntry<K>) => number,
  ): StoreCollection<FileEntry<K>> {
    const change = (
      organizationId: string,
      id: string,
      condition: WriteCondition | undefined,
      next: FileEntry<K> | undefined,
    ) =>
      this.#queue(async () => {
        const state = await this.#read();
        const key = storeKey(organizationId, id);
        const entries = state[name] as Map<string, FileEntry<K>>;
        const stored = entries.get(key);
        checkWriteCondition(kind, id, stored ? versionOf(stored) : null, condition);
        if (!next && !stored) return;
        const copy = new Map(entries);
        if (next) copy.set(key, structuredClone(next));
        else copy.delete(key);
        const nextState = { ...state, [name]: copy } as FileState;
        await this.#write(nextState);
        this.#state = Promise.resolve(nextState);
        this.#feed.publish({
          kind,
          organization_id: organizationId,
          id,
          version: versionOf((next ?? stored)!),
          operation: next ? "put" : "delete",
        });
      });
    return {
      load: async () =>
        [...((await this.#read())[name] as Map<string, FileEntry<K>>).values()].map((entry) =>
          structuredClone(entry),
        ),
      get: async (organizationId, id) => {
        const entry = ((await this.#read())[name] as Map<string, FileEntry<K>>).get(
          storeKey(organizationId, id),
        );
        return entry && structuredClone(entry);
      },
      put: (entry, condition) => {
        // Every collection files its entries alike: by organization and `record.id`.
        const { organization_id, record } = entry as Filed;
        return change(organization_id, record.id, condition, entry);
      },
      delete: (organizationId, id, condition) => change(organizationId, id, condition, undefined),
    };
  }

  #read(): Promise<FileState> {
    this.#state ??= this.#readFile().catch((error: unknown) => {
      this.#state = undefined;
      throw error;
    });
    return this.#state;
  }

  async #readFile(): Promise<FileState> {
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
        return { keys: new Map(), apiKeys: new Map(), organizations: new Map() };
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
        associatedData(
          contents.version,
          authenticatedGeneration(contents),
          resolvePath(this.#path),
        ),
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
    const organizations = parseOrganizations(plaintext);
    if (!entries || !apiKeys || !organizations) {
      throw new FileStoreError(
        "corrupt",
        `${this.#path} decrypted but holds no valid key list; it was left untouched`,
      );
    }
    const generation = authenticatedGeneration(contents);
    this.#checkGeneration(generation, lastSeen);
    this.#generation = Math.max(generation, lastSeen);
    // Only now that the key has proved right does this store touch anything on disk.
    await removeLeftovers(this.#path);
    const byKey = <T extends { organization_id: string; record: { id: string } }>(list: T[]) =>
      new Map(list.map((entry) => [storeKey(entry.organization_id, entry.record.id), entry]));
    return {
      keys: byKey(entries),
      apiKeys: byKey(apiKeys),
      organizations: byKey(organizations),
    };
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

  async #write(state: FileState): Promise<void> {
    const generation = this.#generation + 1;
    const iv = randomBytes(12);
    const cipher = createCipheriv(CIPHER, this.#key, iv);
    cipher.setAAD(associatedData(FORMAT_VERSION, generation, resolvePath(this.#path)));
    const data = Buffer.concat([
      cipher.update(
        JSON.stringify({
          keys: [...state.keys.values()],
          api_keys: [...state.apiKeys.values()],
          organizations: [...state.organizations.values()],
        }),
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
  return masterKeyBytes(value, where);
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

/** The organizations of a decrypted file; a file written before they existed has none. */
function parseOrganizations(plaintext: string): StoredOrganization[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(plaintext);
  } catch {
    return undefined;
  }
  const organizations = (value as { organizations?: unknown } | null)?.organizations;
  if (organizations === undefined) return [];
  if (!Array.isArray(organizations)) return undefined;
  const valid = organizations.every(
    (entry: Partial<StoredOrganization> | null) =>
      typeof entry?.organization_id === "string" &&
      typeof entry.record?.id === "string" &&
      typeof entry.record.byok_only === "boolean" &&
      typeof entry.version === "number",
  );
  return valid ? (organizations as StoredOrganization[]) : undefined;
}
