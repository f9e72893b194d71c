import type * as Pg from "pg";
import { ValidationError } from "../../errors/validation-error.js";
import { openConnection } from "./connection.js";
import type { PostgresConnectionOptions } from "./connection-options.js";
import { checkMasterKeys, ENCRYPTED_TABLES } from "./master-key-check.js";
import { MasterKeyRing, parseMasterKey } from "./master-key-ring.js";
import { migrateWithLock } from "./migrate-with-lock.js";
import { PostgresStoreError } from "./postgres-store-error.js";

export interface RotateMasterKeyOptions extends PostgresConnectionOptions {
  /** The key the rows are encrypted with now (32 bytes, base64, or the bytes). */
  readonly from: string | Uint8Array;
  /** The key to re-encrypt them with. */
  readonly to: string | Uint8Array;
  /** Rows per transaction. Default 100. */
  readonly batchSize?: number;
}

/** What {@link rotateMasterKey} did. */
export interface RotateMasterKeyResult {
  /** Rows re-encrypted by this call, per table (0 everywhere: it had nothing left to do). */
  readonly rotated: {
    readonly provider_keys: number;
    readonly api_keys: number;
    readonly idempotency_records: number;
  };
  /** The key ids, as the `key_id` column shows them. */
  readonly from: string;
  readonly to: string;
}

/**
 * Re-encrypts every secret written with `from` under `to`, in batches, each its own
 * transaction (rows locked while they change; versions and change feed untouched: the secrets
 * are the same). Idempotent: run it again after an interruption and it finishes the job. Safe
 * while instances run, provided they run with `masterKey: to, previousMasterKeys: [from]`
 * (they read either key and write with `to`). Once no row uses `from`, its canary is removed,
 * and a store started with `from` alone is refused.
 *
 * @example
 * await rotateMasterKey({
 *   connectionString: process.env.BYOKIT_DATABASE_URL,
 *   from: process.env.BYOKIT_PREVIOUS_MASTER_KEY!,
 *   to: process.env.BYOKIT_MASTER_KEY!,
 * });
 */
export async function rotateMasterKey(
  options: RotateMasterKeyOptions,
): Promise<RotateMasterKeyResult> {
  const fromKey = parseMasterKey(options.from, "from");
  const toKey = parseMasterKey(options.to, "to");
  const batchSize = options.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ValidationError([{ path: "batchSize", message: "must be an integer of at least 1" }]);
  }
  const reader = new MasterKeyRing(fromKey, []);
  const writer = new MasterKeyRing(toKey, []);
  if (reader.currentId === writer.currentId) {
    throw new PostgresStoreError("wrong_master_key", "from and to are the same master key");
  }
  const connection = await openConnection(options);
  const { quoted, pool } = connection;
  try {
    // Every key id in use must be `from` or `to`, and their canaries must decrypt: a wrong
    // `from` is refused here, before anything changes.
    await migrateWithLock(connection, (client) =>
      checkMasterKeys(client, quoted, new MasterKeyRing(toKey, [fromKey])),
    );
    const rotated = { provider_keys: 0, api_keys: 0, idempotency_records: 0 };
    for (const table of ENCRYPTED_TABLES) {
      for (;;) {
        const count = await rotateBatch(pool, quoted, table, reader, writer, batchSize);
        rotated[table] += count;
        if (count < batchSize) break;
      }
    }
    // Nothing is left under `from`: forget its canary (unless a straggler wrote meanwhile).
    await pool.query(
      `DELETE FROM ${quoted}.master_key_canaries WHERE key_id = $1 AND NOT EXISTS (${ENCRYPTED_TABLES.map(
        (table) => `SELECT 1 FROM ${quoted}.${table} WHERE key_id = $1`,
      ).join(" UNION ALL ")})`,
      [reader.currentId],
    );
    return { rotated, from: reader.currentId, to: writer.currentId };
  } catch (error) {
    throw connection.fail(error, "rotating the master key");
  } finally {
    await connection.close();
  }
}

const COLUMNS: Record<
  (typeof ENCRYPTED_TABLES)[number],
  { keys: [string, string]; secret: string; version: boolean; kind: string }
> = {
  provider_keys: {
    keys: ["organization_id", "id"],
    secret: "secret",
    version: true,
    kind: "provider_key",
  },
  api_keys: { keys: ["organization_id", "id"], secret: "secret", version: true, kind: "api_key" },
  idempotency_records: {
    keys: ["scope", "key"],
    secret: "answer",
    version: false,
    kind: "idempotency",
  },
};

/** Re-encrypts up to `limit` rows of one table in one transaction; returns how many. */
async function rotateBatch(
  pool: Pg.Pool,
  quoted: string,
  table: (typeof ENCRYPTED_TABLES)[number],
  reader: MasterKeyRing,
  writer: MasterKeyRing,
  limit: number,
): Promise<number> {
  const { keys, secret, version, kind } = COLUMNS[table];
  const [a, b] = keys;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const rows = await client.query<Record<string, unknown>>(
      `SELECT ${a}, ${b}, ${version ? "version, " : ""}key_id, iv, tag, ${secret} AS secret
       FROM ${quoted}.${table} WHERE key_id = $1 LIMIT $2 FOR UPDATE`,
      [reader.currentId, limit],
    );
    for (const row of rows.rows) {
      const context = [
        kind,
        row[a] as string,
        row[b] as string,
        ...(version ? [row.version as number] : []),
      ];
      const opened = reader.decrypt(
        {
          keyId: row.key_id as string,
          iv: row.iv as Buffer,
          tag: row.tag as Buffer,
          ciphertext: row.secret as Buffer,
        },
        context,
      );
      if ("failure" in opened) {
        throw new PostgresStoreError(
          "tampered",
          `a row of ${table} (${String(row[b])}) does not decrypt with the from key: it was changed outside byokit; nothing in this batch was changed`,
        );
      }
      const sealed = writer.encrypt(opened.plaintext, context);
      await client.query(
        `UPDATE ${quoted}.${table} SET key_id = $3, iv = $4, tag = $5, ${secret} = $6 WHERE ${a} = $1 AND ${b} = $2`,
        [row[a], row[b], sealed.keyId, sealed.iv, sealed.tag, sealed.ciphertext],
      );
    }
    await client.query("COMMIT");
    return rows.rows.length;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollback: Error) => {
      broken = rollback;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
