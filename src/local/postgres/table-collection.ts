import type * as Pg from "pg";
import type { ByokError } from "../../errors/byok-error.js";
import { StaleWriteError } from "../stale-write-error.js";
import type { StoreCollection, StoreEntryKind, WriteCondition } from "../store.js";
import type { MasterKeyRing } from "./master-key-ring.js";
import { PostgresStoreError } from "./postgres-store-error.js";

/** How one collection maps its entries onto its table's columns. */
export interface TableSpec<T> {
  readonly kind: StoreEntryKind;
  readonly table: string;
  /** Whether rows carry an encrypted secret. */
  readonly encrypted: boolean;
  split(entry: T): {
    organizationId: string;
    id: string;
    version: number;
    record: unknown;
    secret?: string;
  };
  join(
    row: { organization_id: string; id: string; version: number; record: unknown },
    secret: string | undefined,
  ): T;
}

/** What a collection needs from its store: the pool, the schema, the keys, the channel. */
export interface TableContext {
  readonly pool: Pg.Pool;
  readonly quoted: string;
  readonly channel: string;
  readonly ring: MasterKeyRing;
  readonly fail: (error: unknown, doing: string) => ByokError;
}

interface Row {
  organization_id: string;
  id: string;
  version: number;
  record: unknown;
  key_id?: string;
  iv?: Buffer;
  tag?: Buffer;
  secret?: Buffer;
}

/**
 * One collection in one table. Every write is one statement whose `pg_notify` runs in the
 * same transaction, so the change feed hears of it exactly when it commits (and never of a
 * write that rolled back). A conditional write that matches no row writes nothing and is a
 * {@link StaleWriteError} naming the version the table holds.
 */
export function tableCollection<T>(
  spec: TableSpec<T>,
  context: TableContext,
): Required<StoreCollection<T>> {
  const { quoted, channel, ring } = context;
  const table = `${quoted}.${spec.table}`;
  const secretColumns = spec.encrypted ? ", key_id, iv, tag, secret" : "";
  const columns = `organization_id, id, version, record${secretColumns}`;
  /** `SELECT pg_notify(…) FROM <cte>`: the change, built from the rows the write returned. */
  const notify = (cte: string, operation: "put" | "delete", channelAt: number, atAt: number) =>
    `SELECT pg_notify($${channelAt}, json_build_object(
       'kind', '${spec.kind}', 'organization_id', organization_id, 'id', id, 'version', version,
       'operation', '${operation}', 'committed_at', $${atAt}::text)::text) FROM ${cte}`;

  const run = async (text: string, values: unknown[], doing: string) => {
    try {
      return await context.pool.query(text, values);
    } catch (error) {
      throw context.fail(error, doing);
    }
  };

  const decode = (row: Row): T => {
    if (!spec.encrypted) return spec.join(row, undefined);
    const opened = ring.decrypt(
      {
        keyId: row.key_id as string,
        iv: row.iv as Buffer,
        tag: row.tag as Buffer,
        ciphertext: row.secret as Buffer,
      },
      [spec.kind, row.organization_id, row.id, row.version],
    );
    if ("failure" in opened) {
      const what = `the ${spec.kind.replace("_", " ")} ${row.id} of ${row.organization_id}`;
      throw opened.failure === "unknown_key"
        ? new PostgresStoreError(
            "wrong_master_key",
            `${what} is encrypted with master key ${row.key_id}, which is neither masterKey nor one of previousMasterKeys`,
          )
        : new PostgresStoreError(
            "tampered",
            `${what} does not decrypt with its master key: its organization, id or version was changed outside byokit, or its ciphertext was altered; it is not served`,
          );
    }
    return spec.join(row, opened.plaintext);
  };

  const storedVersion = async (organizationId: string, id: string): Promise<number | null> => {
    const found = await run(
      `SELECT version FROM ${table} WHERE organization_id = $1 AND id = $2`,
      [organizationId, id],
      `reading a ${spec.kind} version`,
    );
    return (found.rows[0] as { version: number } | undefined)?.version ?? null;
  };

  const canaryExists = async (): Promise<boolean> => {
    const found = await run(
      `SELECT 1 FROM ${quoted}.master_key_canaries WHERE key_id = $1`,
      [ring.currentId],
      "reading the master key canary",
    );
    return found.rowCount === 1;
  };

  return {
    async load() {
      const result = await run(
        `SELECT ${columns} FROM ${table} ORDER BY organization_id, id`,
        [],
        `loading ${spec.table}`,
      );
      return (result.rows as Row[]).map(decode);
    },

    async get(organizationId, id) {
      const result = await run(
        `SELECT ${columns} FROM ${table} WHERE organization_id = $1 AND id = $2`,
        [organizationId, id],
        `reading a ${spec.kind}`,
      );
      const row = result.rows[0] as Row | undefined;
      return row === undefined ? undefined : decode(row);
    },

    async put(entry: T, condition?: WriteCondition) {
      const { organizationId, id, version, record, secret } = spec.split(entry);
      const sealed = spec.encrypted
        ? ring.encrypt(secret ?? "", [spec.kind, organizationId, id, version])
        : undefined;
      // $1 … $4 (+ $5 … $8 when encrypted), then the channel and the time.
      const values: unknown[] = [organizationId, id, version, JSON.stringify(record)];
      if (sealed) values.push(sealed.keyId, sealed.iv, sealed.tag, sealed.ciphertext);
      const n = values.length;
      const types = ["text", "text", "integer", "jsonb", "text", "bytea", "bytea", "bytea"];
      const selected = values.map((_, index) => `$${index + 1}::${types[index]}`).join(", ");
      const updates = `version = $3, record = $4${spec.encrypted ? ", key_id = $5, iv = $6, tag = $7, secret = $8" : ""}, updated_at = now()`;
      // A secret is written only while its master key's canary is there: an instance left
      // running with a key that was rotated out (its canary removed) cannot write behind the
      // fleet's back a row nobody else can read.
      const keyStillCurrent = spec.encrypted
        ? `EXISTS (SELECT 1 FROM ${quoted}.master_key_canaries WHERE key_id = $5)`
        : "true";
      const notifyHere = notify("written", "put", n + 1, n + 2);
      let write: string;
      if (condition === undefined) {
        write = `INSERT INTO ${table} (${columns}) SELECT ${selected} WHERE ${keyStillCurrent}
                 ON CONFLICT (organization_id, id) DO UPDATE SET ${updates}`;
      } else if (condition.expectedVersion === null) {
        write = `INSERT INTO ${table} (${columns}) SELECT ${selected} WHERE ${keyStillCurrent}
                 ON CONFLICT DO NOTHING`;
      } else {
        values.push(condition.expectedVersion);
        write = `UPDATE ${table} SET ${updates}
                 WHERE organization_id = $1 AND id = $2 AND version = $${n + 3} AND ${keyStillCurrent}`;
      }
      const statement = `WITH written AS (${write} RETURNING organization_id, id, version) ${notifyHere}`;
      const parameters = [
        ...values.slice(0, n),
        channel,
        new Date().toISOString(),
        ...values.slice(n),
      ];
      const result = await run(statement, parameters, `writing a ${spec.kind}`);
      if (result.rowCount === 0 && spec.encrypted && !(await canaryExists())) {
        throw new PostgresStoreError(
          "wrong_master_key",
          `master key ${ring.currentId} was rotated out of this database (its canary is gone): nothing was written; restart this instance with the current BYOKIT_MASTER_KEY`,
        );
      }
      if (result.rowCount === 0 && condition !== undefined) {
        throw new StaleWriteError(
          spec.kind,
          id,
          condition.expectedVersion,
          await storedVersion(organizationId, id),
        );
      }
    },

    async delete(organizationId: string, id: string, condition?: WriteCondition) {
      if (condition?.expectedVersion === null) {
        // "Must not exist": deleting nothing, which holds only when there is nothing.
        const actual = await storedVersion(organizationId, id);
        if (actual !== null) throw new StaleWriteError(spec.kind, id, null, actual);
        return;
      }
      const versioned = condition === undefined ? "" : " AND version = $5";
      const statement = `WITH removed AS (
          DELETE FROM ${table} WHERE organization_id = $1 AND id = $2${versioned}
          RETURNING organization_id, id, version
        ) ${notify("removed", "delete", 3, 4)}`;
      const values: unknown[] = [organizationId, id, channel, new Date().toISOString()];
      if (condition !== undefined) values.push(condition.expectedVersion);
      const result = await run(statement, values, `deleting a ${spec.kind}`);
      if (result.rowCount === 0 && condition !== undefined) {
        throw new StaleWriteError(
          spec.kind,
          id,
          condition.expectedVersion,
          await storedVersion(organizationId, id),
        );
      }
    },
  };
}
