import { ValidationError } from "../errors/validation-error.js";

/** The resolver's typed error for bad input: names the field and what is expected. */
export const invalid = (path: string, message: string): ValidationError =>
  new ValidationError([{ path, message }]);

/** An id (a record's, an API key's) is a non-empty string: `""` would name nothing. */
export function checkId(value: unknown, path: string): asserts value is string {
  if (typeof value !== "string" || !value) throw invalid(path, "must be a non-empty string");
}

/** A flag may be absent or a boolean: `"true"` or `1` would be read one way or the other. */
export function checkFlag(value: unknown, path: string): void {
  if (value !== undefined && typeof value !== "boolean") throw invalid(path, "must be a boolean");
}
