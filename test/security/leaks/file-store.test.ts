import { createDecipheriv, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../../src/client/create-client.js";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import { fileStore } from "../../../src/local/file-store.js";
import { FileStoreError } from "../../../src/local/file-store-error.js";
import { watchConsole } from "./capture.js";
import { expectNoLeak } from "./expect-no-leak.js";
import { allowLongRuns, assertOptions } from "./runs.js";
import { credentialCase, freshRsaKeys } from "./secrets.js";

allowLongRuns();

const TOKEN = "file-store-leak-token";

const console_ = watchConsole();
let pems: string[] = [];
let root = "";
beforeAll(async () => {
  pems = await freshRsaKeys();
  root = await mkdtemp(join(tmpdir(), "byokit-file-leaks-"));
}, 120_000);
afterAll(() => rm(root, { recursive: true, force: true }));

/**
 * The ways a secret could sit in a file in the clear: as is, base64-encoded at each of the
 * three byte alignments (padding-dependent ends dropped), and hex-encoded.
 */
function encodings(secret: string): string[] {
  const forms = [secret, Buffer.from(secret).toString("hex")];
  for (const skip of [0, 1, 2]) {
    const base64 = Buffer.from(secret.slice(skip)).toString("base64");
    forms.push(base64.slice(0, Math.max(0, base64.length - 4)));
  }
  return forms.filter((form) => form.length >= 12);
}

/**
 * The ciphertext is random base64, in which any given 6 characters occur by chance often
 * enough to make a 6-character check flaky over many runs; 12 characters (72 bits of base64)
 * never match by chance. The file's other fields (format, cipher, IV, tag) are checked for
 * 6-character windows.
 */
const FILE_WINDOW = 12;

describe("the file store's bytes on disk", () => {
  it("hold no secret, in the clear, in base64 or in hex, and decrypt to them with the key", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(credentialCase(pems), { minLength: 1, maxLength: 4 }),
        async (cases) => {
          const directory = await mkdtemp(join(root, "run-"));
          const path = join(directory, "keys.json");
          const masterKey = randomBytes(32).toString("base64");
          const store = fileStore(path, { masterKey });
          const local = createLocalBackend({ store, token: TOKEN });
          const client = createClient({
            organizationId: "org_file",
            token: TOKEN,
            baseUrl: "http://byokit.test",
            fetch: local.fetch,
            maxRetries: 0,
          });
          for (const [index, credential] of cases.entries()) {
            const record = await client.providerKeys.create({
              provider: credential.provider,
              name: `file ${index}`,
              provider_key: credential.input as string,
            });
            if (index % 2 === 1) await client.providerKeys.update(record.id, { active: false });
          }
          const secrets = cases.flatMap((c) => c.secrets);

          // Only the store file and its generation record (rollback protection) are left: no
          // temporary file with a plaintext copy.
          expect((await readdir(directory)).sort()).toEqual([".keys.json.generation", "keys.json"]);
          const bytes = await readFile(path);
          const text = bytes.toString("latin1");
          expectNoLeak(text, secrets.flatMap(encodings), "store file", FILE_WINDOW);
          const { data, ...header } = JSON.parse(bytes.toString("utf8"));
          expectNoLeak(JSON.stringify(header), secrets, "store file header");
          expectNoLeak(
            text,
            [masterKey, Buffer.from(masterKey, "base64").toString("hex")],
            "master key",
            FILE_WINDOW,
          );

          // The test reads the real thing: with the key, the data holds every secret.
          const decipher = createDecipheriv(
            "aes-256-gcm",
            Buffer.from(masterKey, "base64"),
            Buffer.from(header.iv, "base64"),
          );
          // The authenticated data binds the format, its version, the generation and the path.
          decipher.setAAD(Buffer.from(`byokit-file-store:2:${header.generation}:${resolve(path)}`));
          decipher.setAuthTag(Buffer.from(header.tag, "base64"));
          const plaintext = Buffer.concat([
            decipher.update(Buffer.from(data, "base64")),
            decipher.final(),
          ]).toString("utf8");
          const stored = (JSON.parse(plaintext) as { keys: { credentials: unknown }[] }).keys;
          expect(stored).toHaveLength(cases.length);
          for (const credential of cases) {
            expect(stored.map((entry) => entry.credentials)).toContainEqual(credential.credentials);
          }

          // Opened with another key: a FileStoreError that shows neither secrets nor either key.
          const wrongKey = randomBytes(32).toString("base64");
          const other = createLocalBackend({ store: fileStore(path, { masterKey: wrongKey }) });
          const error = await other
            .resolve({ provider: cases[0]!.provider, organization_id: "org_file" })
            .catch((failure: unknown) => failure);
          expect(error).toBeInstanceOf(FileStoreError);
          expect((error as FileStoreError).reason).toBe("wrong_master_key");
          expectNoLeak(error, [...secrets, masterKey, wrongKey], "FileStoreError");
          expectNoLeak(
            [store, inspect(store), JSON.stringify(store)],
            [...secrets, masterKey],
            "file store object",
          );
          expectNoLeak(console_.printed(), [...secrets, masterKey], "console output");
          await rm(directory, { recursive: true, force: true });
        },
      ),
      assertOptions(25),
    );
  });
});
