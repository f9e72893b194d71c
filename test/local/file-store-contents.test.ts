import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileStore } from "../../src/local/file-store.js";
import { FileStoreError } from "../../src/local/file-store-error.js";
import {
  type StoreFileHeader,
  sealStoreFile,
  storedApiKey,
  storedOpenAiEntry,
  storedOrganization,
} from "./helpers.js";

/** What a decrypted file holds, each collection valid: tests break one part at a time. */
const VALID = {
  keys: [storedOpenAiEntry("pk_1", "sk-test-FAKEcontents00000000000000")],
  api_keys: [storedApiKey("key_1", 1)],
  organizations: [storedOrganization("org_1", 1)],
};
const valid = () => structuredClone(VALID);

// A leftover of a killed write: a store that refuses its file must not even remove this.
const LEFTOVER = ".keys.json.0123456789ab.tmp";

let directory: string;
let path: string;
let key: Buffer;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "byokit-file-store-contents-"));
  path = join(directory, "keys.json");
  key = randomBytes(32);
  await writeFile(join(directory, LEFTOVER), "an older encrypted copy");
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Writes `text` as the store file, opens it, and returns the refusal (and checks it changed nothing). */
async function refusal(text: string): Promise<FileStoreError> {
  await writeFile(path, text);
  const store = fileStore(path, { masterKey: key });
  const error = await store.load().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(FileStoreError);
  // A write is refused alike, and nothing on disk changed: no record, no cleanup, same bytes.
  await expect(
    store.put(storedOpenAiEntry("pk_new", "sk-test-FAKEnew000000000000000000")),
  ).rejects.toBeInstanceOf(FileStoreError);
  expect(await readFile(path, "utf8")).toBe(text);
  expect((await readdir(directory)).sort()).toEqual([LEFTOVER, "keys.json"]);
  return error as FileStoreError;
}

const notAStoreFile = () =>
  `${path} is not a byokit store file (or it is damaged); it was left untouched`;
const noValidList = () => `${path} decrypted but holds no valid key list; it was left untouched`;

describe("fileStore refuses a header it does not know, even when the ciphertext is sound", () => {
  it("opens the control file (so each refusal below is the header's doing)", async () => {
    await writeFile(path, sealStoreFile(path, key, JSON.stringify(valid())));
    const store = fileStore(path, { masterKey: key });
    expect((await store.load()).map((entry) => entry.record.id)).toEqual(["pk_1"]);
    expect(await store.apiKeys!.load()).toEqual(valid().api_keys);
    expect(await store.organizations!.load()).toEqual(valid().organizations);
  });

  const plaintext = JSON.stringify(valid());
  const cases: [string, () => string][] = [
    ["JSON null", () => "null"],
    ["another format", () => sealStoreFile(path, key, plaintext, { header: { format: "other" } })],
    ["version 3", () => sealStoreFile(path, key, plaintext, { version: 3 })],
    ["version 2 with generation 0", () => sealStoreFile(path, key, plaintext, { generation: 0 })],
    [
      "version 2 with a fractional generation",
      () => sealStoreFile(path, key, plaintext, { generation: 1.5 }),
    ],
    [
      "version 2 with a generation past 2^53",
      () => sealStoreFile(path, key, plaintext, { generation: 2 ** 53 }),
    ],
    [
      "version 2 with a string generation",
      () => sealStoreFile(path, key, plaintext, { generation: "1" }),
    ],
    [
      "another cipher",
      () => sealStoreFile(path, key, plaintext, { header: { cipher: "aes-128-gcm" } }),
    ],
    ["a 16-byte IV", () => sealStoreFile(path, key, plaintext, { ivBytes: 16 })],
    ["a 12-byte tag", () => sealStoreFile(path, key, plaintext, { tagBytes: 12 })],
  ];
  // Node's base64 decoder skips characters outside the alphabet: these decode, and decrypt.
  for (const field of ["iv", "tag", "data"] as const) {
    const edited = (edit: (value: string) => unknown) => () => {
      const sealed = JSON.parse(sealStoreFile(path, key, plaintext));
      return JSON.stringify({ ...sealed, [field]: edit(sealed[field]) } satisfies StoreFileHeader);
    };
    cases.push(
      [`${field} with a character outside base64 before it`, edited((value) => `!${value}`)],
      [`${field} with a character outside base64 after it`, edited((value) => `${value}!`)],
      [`${field} as an array`, edited((value) => [value])],
    );
  }
  for (const [name, text] of cases) {
    it(`refuses ${name} as corrupt`, async () => {
      const error = await refusal(text());
      expect(error.reason).toBe("corrupt");
      expect(error.message).toBe(notAStoreFile());
      expect(error.name).toBe("FileStoreError");
    });
  }
});

describe("fileStore refuses a file that decrypts to no valid lists", () => {
  const { keys, api_keys, organizations } = valid();
  type Entry = Record<string, unknown> & { record: object };
  const providerKey = keys[0] as unknown as Entry;
  const apiKey = api_keys[0] as unknown as Entry;
  const organization = organizations[0] as unknown as Entry;
  const without = (value: object, field: string) => {
    const { [field]: _, ...rest } = value as Record<string, unknown>;
    return rest;
  };
  const withoutInRecord = (entry: { record: object }, field: string) => ({
    ...entry,
    record: without(entry.record, field),
  });
  const cases: [string, unknown][] = [
    ["JSON null", null],
    ["no keys", { api_keys, organizations }],
    ["keys as an object", { keys: {}, api_keys, organizations }],
    ["api_keys as an object", { keys, api_keys: {}, organizations }],
    ["organizations as an object", { keys, api_keys, organizations: {} }],
  ];
  const entryCases = (
    collection: "keys" | "api_keys" | "organizations",
    entry: Record<string, unknown> & { record: object },
    ownField: string,
    recordField: string,
  ) => {
    const broken: [string, unknown][] = [
      ["null", null],
      ["no organization_id", without(entry, "organization_id")],
      ["no record", without(entry, "record")],
      ["a record without id", withoutInRecord(entry, "id")],
      [`a record without ${recordField}`, withoutInRecord(entry, recordField)],
      [`no ${ownField}`, without(entry, ownField)],
    ];
    for (const [name, bad] of broken) {
      // A valid entry first: every entry is checked, not only the first.
      cases.push([
        `an entry of ${collection} with ${name}`,
        { ...valid(), [collection]: [entry, bad] },
      ]);
    }
  };
  entryCases("keys", providerKey, "credentials", "created_at");
  entryCases("api_keys", apiKey, "key", "created_at");
  entryCases("organizations", organization, "version", "byok_only");
  cases.push(
    ["an API key whose key is not a string", { ...valid(), api_keys: [{ ...apiKey, key: 1 }] }],
    [
      "an organization whose version is a string",
      { ...valid(), organizations: [{ ...organization, version: "1" }] },
    ],
    [
      "an organization whose byok_only is a string",
      {
        ...valid(),
        organizations: [
          { ...organization, record: { ...organization.record, byok_only: "false" } },
        ],
      },
    ],
  );

  for (const [name, plaintext] of cases) {
    it(`refuses ${name}`, async () => {
      const error = await refusal(sealStoreFile(path, key, JSON.stringify(plaintext)));
      expect(error.reason).toBe("corrupt");
      expect(error.message).toBe(noValidList());
    });
  }

  it("reads a file without api_keys or organizations as holding none", async () => {
    const { keys } = valid();
    await writeFile(path, sealStoreFile(path, key, JSON.stringify({ keys })));
    const store = fileStore(path, { masterKey: key });
    expect(await store.load()).toEqual(keys);
    expect(await store.apiKeys!.load()).toEqual([]);
    expect(await store.organizations!.load()).toEqual([]);
  });
});
