import { ValidationError } from "../../errors/validation-error.js";

/** The schema when none is given. */
export const DEFAULT_SCHEMA = "byokit";

/**
 * The schema, checked as a plain lower-case identifier (so it is safe to quote into SQL and to
 * make a channel name from) and returned quoted.
 */
export function checkSchema(schema: string | undefined): { name: string; quoted: string } {
  const name = schema ?? DEFAULT_SCHEMA;
  if (typeof name !== "string" || !/^[a-z_][a-z0-9_]{0,47}$/.test(name)) {
    throw new ValidationError([
      {
        path: "schema",
        message:
          "must be a lower-case identifier of at most 48 characters: letters, digits and _, not starting with a digit",
      },
    ]);
  }
  return { name, quoted: `"${name}"` };
}

/** The NOTIFY channel of a schema's change feed: `byokit_changes` for the default schema. */
export function changeChannel(schema: string): string {
  return `${schema}_changes`;
}
