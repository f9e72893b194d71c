import type { CliIo } from "./io.js";
import { UsageError } from "./usage-error.js";

/** The options of every command that works on a PostgreSQL store. */
export const DATABASE_OPTIONS = {
  "database-url": { type: "string" },
  schema: { type: "string" },
} as const;

/**
 * The database of `migrate`, `rotate-master-key` and `serve --database-url`: `--database-url`
 * or `BYOKIT_DATABASE_URL` (better: an argument with a password is visible in `ps`), and the
 * schema (`--schema`, default `byokit`). `undefined` when neither names a database.
 */
export function databaseOptions(
  values: { "database-url"?: string | undefined; schema?: string | undefined },
  io: CliIo,
): { connectionString: string; schema?: string } | undefined {
  const connectionString = values["database-url"] ?? io.env.BYOKIT_DATABASE_URL;
  if (connectionString === undefined || connectionString === "") {
    if (values.schema !== undefined) throw new UsageError("--schema needs --database-url");
    return undefined;
  }
  if (!/^postgres(?:ql)?:\/\//.test(connectionString)) {
    // Not repeated: it may hold a password.
    throw new UsageError("--database-url (or BYOKIT_DATABASE_URL) must be a postgresql:// URL");
  }
  return { connectionString, ...(values.schema === undefined ? {} : { schema: values.schema }) };
}

/** `databaseOptions`, required. */
export function requireDatabase(
  values: { "database-url"?: string | undefined; schema?: string | undefined },
  io: CliIo,
): { connectionString: string; schema?: string } {
  const database = databaseOptions(values, io);
  if (database === undefined) {
    throw new UsageError("no database: give --database-url or set BYOKIT_DATABASE_URL");
  }
  return database;
}
