import { ValidationError } from "../errors/validation-error.js";

/** The resolver's typed error for bad input: names the field and what is expected. */
export const invalid = (path: string, message: string): ValidationError =>
  new ValidationError([{ path, message }]);
