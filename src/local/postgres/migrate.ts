import { openConnection } from "./connection.js";
import type { PostgresConnectionOptions } from "./connection-options.js";
import { migrateWithLock } from "./migrate-with-lock.js";

/** What {@link migrate} did. */
export interface MigrateResult {
  /** The ids of the migrations this call applied (empty: the schema was up to date). */
  readonly applied: readonly number[];
  /** The schema's version now. */
  readonly version: number;
}

/**
 * Creates or upgrades byokit's tables in `schema` (default `byokit`). Safe to run from many
 * instances at once: they take turns under a PostgreSQL advisory lock, and each migration is
 * applied once, in its own transaction. `postgresStore` runs it at start; this export (and
 * `byokit migrate`) lets a deployment migrate before the new version rolls out.
 *
 * @example
 * const { applied } = await migrate({ connectionString: process.env.BYOKIT_DATABASE_URL });
 */
export async function migrate(options: PostgresConnectionOptions): Promise<MigrateResult> {
  const connection = await openConnection(options);
  try {
    return await migrateWithLock(connection);
  } finally {
    await connection.close();
  }
}
