import type * as Pg from "pg";
import type { MasterKeyRing } from "./master-key-ring.js";
import { PostgresStoreError } from "./postgres-store-error.js";

const CANARY = "byokit master key canary";

/** The tables whose rows carry a `key_id`. */
export const ENCRYPTED_TABLES = ["provider_keys", "api_keys", "idempotency_records"] as const;

/**
 * Refuses a store whose keys cannot read this database, before it serves or writes anything:
 * every key id in use (the canaries and the rows) must be one of the ring's, and each canary
 * it knows must decrypt. Then records the current key's canary, so the next store started with
 * another key is refused even while no secret is stored yet.
 */
export async function checkMasterKeys(
  client: Pg.PoolClient,
  quoted: string,
  ring: MasterKeyRing,
): Promise<void> {
  const inUse = await client.query<{ key_id: string }>(
    [
      `SELECT key_id FROM ${quoted}.master_key_canaries`,
      ...ENCRYPTED_TABLES.map(
        (table) => `SELECT DISTINCT key_id FROM ${quoted}.${table} WHERE key_id IS NOT NULL`,
      ),
    ].join(" UNION "),
  );
  const unknown = inUse.rows.map((row) => row.key_id).filter((id) => !ring.has(id));
  if (unknown.length > 0) {
    throw new PostgresStoreError(
      "wrong_master_key",
      `this database holds secrets encrypted with master key ${unknown.join(", ")}, which is not ` +
        `the master key given (${ring.currentId}) nor one of previousMasterKeys: start with the ` +
        "right BYOKIT_MASTER_KEY (during a rotation, the old one in previousMasterKeys)",
    );
  }
  await verifyCanaries(client, quoted, ring);
  await writeCanary(client, quoted, ring);
}

/** Decrypts the canary of every key of the ring that has one; a failure is a wrong key. */
export async function verifyCanaries(
  client: Pg.PoolClient,
  quoted: string,
  ring: MasterKeyRing,
): Promise<void> {
  const canaries = await client.query<{
    key_id: string;
    iv: Buffer;
    tag: Buffer;
    ciphertext: Buffer;
  }>(
    `SELECT key_id, iv, tag, ciphertext FROM ${quoted}.master_key_canaries WHERE key_id = ANY($1)`,
    [ring.ids],
  );
  for (const row of canaries.rows) {
    const opened = ring.decrypt(
      { keyId: row.key_id, iv: row.iv, tag: row.tag, ciphertext: row.ciphertext },
      ["canary", row.key_id],
    );
    if (!("plaintext" in opened) || opened.plaintext !== CANARY) {
      throw new PostgresStoreError(
        "wrong_master_key",
        `the master key canary ${row.key_id} does not decrypt: it was altered, or a different key shares its id`,
      );
    }
  }
}

/** Records the current key's canary (once). */
export async function writeCanary(
  client: Pg.PoolClient,
  quoted: string,
  ring: MasterKeyRing,
): Promise<void> {
  const value = ring.encrypt(CANARY, ["canary", ring.currentId]);
  await client.query(
    `INSERT INTO ${quoted}.master_key_canaries (key_id, iv, tag, ciphertext)
     VALUES ($1, $2, $3, $4) ON CONFLICT (key_id) DO NOTHING`,
    [value.keyId, value.iv, value.tag, value.ciphertext],
  );
}
