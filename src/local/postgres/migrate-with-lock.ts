import type * as Pg from "pg";
import type { Connection } from "./connection.js";
import type { MigrateResult } from "./migrate.js";
import { MIGRATIONS } from "./migrations/index.js";
import { PostgresStoreError } from "./postgres-store-error.js";

/**
 * Runs the pending migrations under the schema's advisory lock, then `whileLocked` (still
 * holding it: the master-key check, so two instances with different keys cannot both start on
 * an empty database).
 */
export async function migrateWithLock(
  connection: Connection,
  whileLocked?: (client: Pg.PoolClient) => Promise<void>,
): Promise<MigrateResult> {
  const { quoted, schema } = connection;
  let client: Pg.PoolClient;
  try {
    client = await connection.pool.connect();
  } catch (error) {
    throw connection.fail(error, "connecting");
  }
  let broken: Error | undefined;
  try {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [`byokit migrate ${schema}`]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${quoted}.migrations (
           id integer PRIMARY KEY,
           name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const done = await client.query<{ id: number }>(`SELECT id FROM ${quoted}.migrations`);
      const appliedIds = new Set(done.rows.map((row) => row.id));
      const latest = MIGRATIONS.at(-1)?.id ?? 0;
      const newest = Math.max(0, ...appliedIds);
      if (newest > latest) {
        throw new PostgresStoreError(
          "schema_too_new",
          `the schema ${schema} is at migration ${newest}, newer than this byokit knows (${latest}): upgrade byokit`,
        );
      }
      const applied: number[] = [];
      for (const migration of MIGRATIONS) {
        if (appliedIds.has(migration.id)) continue;
        await client.query("BEGIN");
        try {
          await client.query(`SET LOCAL search_path TO ${quoted}`);
          await client.query(migration.sql);
          await client.query(`INSERT INTO ${quoted}.migrations (id, name) VALUES ($1, $2)`, [
            migration.id,
            migration.name,
          ]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw error;
        }
        applied.push(migration.id);
      }
      await whileLocked?.(client);
      return { applied, version: Math.max(newest, latest) };
    } finally {
      await client
        .query("SELECT pg_advisory_unlock(hashtext($1))", [`byokit migrate ${schema}`])
        .catch((error: Error) => {
          broken = error;
        });
    }
  } catch (error) {
    throw connection.fail(error, "migrating");
  } finally {
    client.release(broken);
  }
}
