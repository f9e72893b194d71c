import { ByokError } from "../../errors/byok-error.js";

/**
 * Why a PostgreSQL store failed:
 * - `wrong_master_key`: the database holds secrets (or a master-key canary) encrypted with a
 *   key this store was not given (neither `masterKey` nor one of `previousMasterKeys`); the
 *   store refuses to start, so it never serves or overwrites anything;
 * - `tampered`: a row does not decrypt with the key its key id names: its organization, id or
 *   version was changed outside byokit (a row copied to another organization), or its
 *   ciphertext was altered. The row is never served;
 * - `schema_too_new`: the database was migrated by a newer byokit;
 * - `connection`: PostgreSQL cannot be reached (the message never holds the password);
 * - `database`: PostgreSQL refused a statement.
 */
export type PostgresStoreErrorReason =
  | "wrong_master_key"
  | "tampered"
  | "schema_too_new"
  | "connection"
  | "database";

/**
 * A PostgreSQL store failed; `reason` says why, the message says what to do. No secret, master
 * key or connection-string password is ever in it.
 *
 * @example
 * try {
 *   await store.load();
 * } catch (error) {
 *   if (error instanceof PostgresStoreError && error.reason === "wrong_master_key") process.exit(1);
 * }
 */
export class PostgresStoreError extends ByokError {
  override name = "PostgresStoreError";
  readonly reason: PostgresStoreErrorReason;

  constructor(reason: PostgresStoreErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
