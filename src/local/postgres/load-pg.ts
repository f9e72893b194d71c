import type * as Pg from "pg";
import { MissingPeerDependencyError } from "../../testing/missing-peer-dependency-error.js";

/** node-postgres as its CommonJS module exports it (`Pool`, `Client`, …). */
export type PgModule = typeof Pg;

/**
 * Loads `pg` on first use, so `byokit/local` never needs it unless a PostgreSQL store is made;
 * without it, a {@link MissingPeerDependencyError} that says what to install.
 *
 * @example
 * const { Pool } = await loadPg();
 */
export async function loadPg(load: () => Promise<unknown> = () => import("pg")): Promise<PgModule> {
  let module: unknown;
  try {
    module = await load();
  } catch (error) {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    const missing =
      (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") &&
      typeof message === "string" &&
      /['"]pg['"]/.test(message);
    if (!missing) throw error;
    throw new MissingPeerDependencyError(
      "pg",
      "postgresStore needs pg (node-postgres), an optional peer dependency of byokit that this " +
        "project does not have: install it with `npm i pg`",
    );
  }
  // An ES import of a CommonJS module: the exports are on `default`.
  const exports = module as { default?: PgModule } & PgModule;
  return exports.default ?? exports;
}
