import type { IdempotencyAnswer, IdempotencyClaim, IdempotencyStore } from "../store.js";
import { PostgresStoreError } from "./postgres-store-error.js";
import type { TableContext } from "./table-collection.js";

interface RecordRow {
  fingerprint: string;
  state: "claimed" | "done";
  key_id: string | null;
  iv: Buffer | null;
  tag: Buffer | null;
  answer: Buffer | null;
}

/**
 * Idempotency records shared by every instance. A claim is one `INSERT … ON CONFLICT` that
 * takes the key only when it is free, expired, or held by a claim whose lease ran out, so
 * exactly one of many concurrent claims wins. Answers are encrypted (an API key's create
 * answer holds its secret), bound to their scope and key.
 */
export function idempotencyRecords(context: TableContext): IdempotencyStore {
  const { quoted, ring } = context;
  const table = `${quoted}.idempotency_records`;
  const run = async (text: string, values: unknown[], doing: string) => {
    try {
      return await context.pool.query(text, values);
    } catch (error) {
      throw context.fail(error, doing);
    }
  };

  const open = (scope: string, key: string, row: RecordRow): IdempotencyAnswer => {
    const opened = ring.decrypt(
      {
        keyId: row.key_id ?? "",
        iv: row.iv ?? Buffer.alloc(0),
        tag: row.tag ?? Buffer.alloc(0),
        ciphertext: row.answer ?? Buffer.alloc(0),
      },
      ["idempotency", scope, key],
    );
    if ("failure" in opened) {
      throw new PostgresStoreError(
        opened.failure === "unknown_key" ? "wrong_master_key" : "tampered",
        "an idempotency record's answer does not decrypt with this store's master keys; it is not replayed",
      );
    }
    return JSON.parse(opened.plaintext) as IdempotencyAnswer;
  };

  return {
    async claim(scope, key, fingerprint, { leaseMs, ttlMs }) {
      // A record released or expired between the two statements: claim again (bounded).
      for (let attempt = 0; attempt < 5; attempt++) {
        const taken = await run(
          `INSERT INTO ${table} AS r (scope, key, fingerprint, state, lease_until, expires_at)
           VALUES ($1, $2, $3, 'claimed', now() + $4 * interval '1 millisecond', now() + $5 * interval '1 millisecond')
           ON CONFLICT (scope, key) DO UPDATE SET
             fingerprint = EXCLUDED.fingerprint, state = 'claimed', lease_until = EXCLUDED.lease_until,
             expires_at = EXCLUDED.expires_at, key_id = NULL, iv = NULL, tag = NULL, answer = NULL
           WHERE r.expires_at <= now() OR (r.state = 'claimed' AND r.lease_until <= now())
           RETURNING 1`,
          [scope, key, fingerprint, leaseMs, ttlMs],
          "claiming an idempotency key",
        );
        if (taken.rowCount === 1) return { state: "claimed" };
        const found = await run(
          `SELECT fingerprint, state, key_id, iv, tag, answer FROM ${table}
           WHERE scope = $1 AND key = $2 AND expires_at > now()`,
          [scope, key],
          "reading an idempotency record",
        );
        const row = found.rows[0] as RecordRow | undefined;
        if (row === undefined) continue;
        if (row.state === "claimed") return { state: "in_progress", fingerprint: row.fingerprint };
        return {
          state: "done",
          fingerprint: row.fingerprint,
          answer: open(scope, key, row),
        } satisfies IdempotencyClaim;
      }
      throw new PostgresStoreError(
        "database",
        "an idempotency key kept changing hands; retry the request",
      );
    },

    async complete(scope, key, answer) {
      const sealed = ring.encrypt(JSON.stringify(answer), ["idempotency", scope, key]);
      // Like every encrypted write, only while the master key's canary is there: an instance
      // left on a rotated-out key must not leave answers that block the others' start.
      const completed = await run(
        `UPDATE ${table} SET state = 'done', key_id = $3, iv = $4, tag = $5, answer = $6
         WHERE scope = $1 AND key = $2 AND state = 'claimed'
           AND EXISTS (SELECT 1 FROM ${quoted}.master_key_canaries WHERE key_id = $3)`,
        [scope, key, sealed.keyId, sealed.iv, sealed.tag, sealed.ciphertext],
        "completing an idempotency record",
      );
      if (completed.rowCount === 0) {
        const canary = await run(
          `SELECT 1 FROM ${quoted}.master_key_canaries WHERE key_id = $1`,
          [sealed.keyId],
          "checking the master key",
        );
        if (canary.rowCount === 0) {
          throw new PostgresStoreError(
            "wrong_master_key",
            `master key ${ring.currentId} was rotated out of this database (its canary is gone): the answer was not kept; restart this instance with the current BYOKIT_MASTER_KEY`,
          );
        }
      }
    },

    async release(scope, key) {
      await run(
        `DELETE FROM ${table} WHERE scope = $1 AND key = $2 AND state = 'claimed'`,
        [scope, key],
        "releasing an idempotency key",
      );
    },
  };
}
