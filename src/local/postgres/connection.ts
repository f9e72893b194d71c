import type * as Pg from "pg";
import { ByokError } from "../../errors/byok-error.js";
import { ValidationError } from "../../errors/validation-error.js";
import type { PostgresConnectionOptions, PostgresPool } from "./connection-options.js";
import { loadPg, type PgModule } from "./load-pg.js";
import { PostgresStoreError } from "./postgres-store-error.js";
import { checkSchema } from "./schema-name.js";

export type { PostgresConnectionOptions, PostgresPool };

/** An open connection: the pool, how to open a LISTEN client, and error wrapping. */
export interface Connection {
  readonly pg: PgModule;
  readonly pool: Pg.Pool;
  readonly schema: string;
  /** `"schema"`, quoted for SQL. */
  readonly quoted: string;
  /** A client config for a dedicated connection (not from the pool). */
  readonly clientConfig: Pg.ClientConfig;
  /** Any failure as a {@link PostgresStoreError} whose message holds no password. */
  readonly fail: (error: unknown, doing: string) => ByokError;
  /** Ends the pool when this connection made it. */
  close(): Promise<void>;
}

/** Checks the options (bad ones change nothing) and opens a pool, or borrows the given one. */
export function checkConnectionOptions(options: PostgresConnectionOptions): {
  schema: string;
  quoted: string;
} {
  const given = [options.connectionString, options.pool].filter((value) => value !== undefined);
  if (given.length !== 1) {
    throw new ValidationError([
      { path: "connectionString", message: "give exactly one of connectionString or pool" },
    ]);
  }
  if (options.connectionString !== undefined) {
    if (
      typeof options.connectionString !== "string" ||
      !/^postgres(?:ql)?:\/\//.test(options.connectionString)
    ) {
      throw new ValidationError([
        { path: "connectionString", message: "must be a postgresql:// URL" },
      ]);
    }
  }
  const { name, quoted } = checkSchema(options.schema);
  return { schema: name, quoted };
}

export async function openConnection(options: PostgresConnectionOptions): Promise<Connection> {
  const { schema, quoted } = checkConnectionOptions(options);
  const pg = await loadPg();
  const owned = options.pool === undefined;
  const borrowed = (options.pool as PostgresPool | undefined)?.options as
    | Pg.ClientConfig
    | undefined;
  const clientConfig: Pg.ClientConfig = owned
    ? { connectionString: options.connectionString as string }
    : // pg-pool keeps `password` non-enumerable (out of logs): a spread alone would drop it,
      // and the LISTEN connection would log in without it.
      { ...borrowed, password: borrowed?.password };
  const pool = owned
    ? new pg.Pool({ connectionString: options.connectionString as string })
    : (options.pool as unknown as Pg.Pool);
  // An idle client of our own pool that loses its server emits `error` on the pool: without a
  // listener that would crash the process. The pool drops the client; the next query reconnects.
  if (owned) pool.on("error", () => {});
  const secrets = secretsOf(options.connectionString, clientConfig);
  const fail = (error: unknown, doing: string) => wrapError(error, doing, secrets);
  return {
    pg,
    pool,
    schema,
    quoted,
    clientConfig,
    fail,
    close: async () => {
      if (owned) await pool.end();
    },
  };
}

/** The strings no message may repeat: the password, and the connection string that holds it. */
function secretsOf(connectionString: string | undefined, config: Pg.ClientConfig): string[] {
  const secrets: string[] = [];
  if (connectionString) {
    secrets.push(connectionString);
    try {
      const password = decodeURIComponent(new URL(connectionString).password);
      if (password) secrets.push(password);
    } catch {
      // Not a URL node-postgres would parse either; the whole string is already redacted.
    }
  }
  if (typeof config.connectionString === "string") secrets.push(config.connectionString);
  if (typeof config.password === "string" && config.password) secrets.push(config.password);
  return secrets.sort((a, b) => b.length - a.length);
}

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "57P01", // admin_shutdown (the backend was terminated)
  "57P03", // cannot_connect_now
  "28P01", // invalid_password
  "28000", // invalid_authorization_specification
  "3D000", // invalid_catalog_name (no such database)
]);

/**
 * Our own errors pass through; anything else (node-postgres, the server, the socket) becomes a
 * {@link PostgresStoreError} with the server's message and SQLSTATE, scrubbed of the password.
 * No `cause`: the original could carry what the message leaves out.
 */
function wrapError(error: unknown, doing: string, secrets: readonly string[]): ByokError {
  if (error instanceof ByokError) return error;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  let text = typeof message === "string" && message !== "" ? message : String(error);
  for (const secret of secrets) text = text.split(secret).join("***");
  const codeText = typeof code === "string" ? ` (${code})` : "";
  const connection =
    (typeof code === "string" && CONNECTION_CODES.has(code)) ||
    /Connection terminated|connect/i.test(text);
  return new PostgresStoreError(
    connection ? "connection" : "database",
    `PostgreSQL store: ${doing} failed: ${text}${codeText}`,
  );
}
