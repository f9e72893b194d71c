import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { ValidationError } from "../../errors/validation-error.js";
import { masterKeyBytes } from "../master-key-bytes.js";

const CIPHER = "aes-256-gcm";
const IV_BYTES = 12;

/** One secret as a row keeps it: which master key, the IV, the tag and the ciphertext. */
export interface EncryptedValue {
  readonly keyId: string;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
}

/**
 * The master keys a PostgreSQL store knows: the current one (every write) and previous ones
 * (reads only, during a rotation), each known by its key id, a fingerprint that is safe to
 * store and print: the first 8 bytes, hex, of HMAC-SHA256(masterKey, "byokit key id").
 *
 * @example
 * const ring = new MasterKeyRing(parseMasterKey(process.env.BYOKIT_MASTER_KEY, "masterKey"), []);
 * const value = ring.encrypt("sk-test-…", ["provider_key", "org_1", "pk_1", 1]);
 */
export class MasterKeyRing {
  readonly currentId: string;
  readonly #keys = new Map<string, Buffer>();

  constructor(current: Buffer, previous: readonly Buffer[]) {
    this.currentId = keyId(current);
    this.#keys.set(this.currentId, current);
    for (const key of previous) this.#keys.set(keyId(key), key);
  }

  /** Every key id this ring can decrypt. */
  get ids(): readonly string[] {
    return [...this.#keys.keys()];
  }

  has(id: string): boolean {
    return this.#keys.has(id);
  }

  /**
   * AES-256-GCM with a fresh IV; `context` (kind, organization, id, version…) is the
   * authenticated data, so the ciphertext only decrypts in the row it was written for.
   */
  encrypt(plaintext: string, context: readonly (string | number)[]): EncryptedValue {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.#keys.get(this.currentId) as Buffer, iv);
    cipher.setAAD(associatedData(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return { keyId: this.currentId, iv, tag: cipher.getAuthTag(), ciphertext };
  }

  /**
   * The plaintext, or `undefined` when the key id is unknown (`"unknown_key"`) or the value
   * does not authenticate in this context (`"tampered"`): the caller names the row.
   */
  decrypt(
    value: EncryptedValue,
    context: readonly (string | number)[],
  ): { plaintext: string } | { failure: "unknown_key" | "tampered" } {
    const key = this.#keys.get(value.keyId);
    if (key === undefined) return { failure: "unknown_key" };
    try {
      const decipher = createDecipheriv(CIPHER, key, value.iv);
      decipher.setAAD(associatedData(context));
      decipher.setAuthTag(value.tag);
      const plaintext = Buffer.concat([decipher.update(value.ciphertext), decipher.final()]);
      return { plaintext: plaintext.toString("utf8") };
    } catch {
      return { failure: "tampered" };
    }
  }
}

/** The non-secret fingerprint of a master key that each row stores beside its ciphertext. */
export function keyId(key: Buffer): string {
  return createHmac("sha256", key).update("byokit key id").digest().subarray(0, 8).toString("hex");
}

/** JSON of the parts: unambiguous (no separator a part could contain), stable. */
function associatedData(context: readonly (string | number)[]): Buffer {
  return Buffer.from(JSON.stringify(["byokit", ...context]));
}

/**
 * A master key as given: 32 bytes, base64 (`byokit keygen` prints one), or the bytes. `where`
 * names the option in the error, which never repeats the value.
 */
export function parseMasterKey(value: string | Uint8Array | undefined, where: string): Buffer {
  if (value === undefined || value === "") {
    throw new ValidationError([
      {
        path: where,
        message:
          "is required: 32 bytes, base64 (`byokit keygen` prints one; default: BYOKIT_MASTER_KEY)",
      },
    ]);
  }
  return masterKeyBytes(value, where);
}
