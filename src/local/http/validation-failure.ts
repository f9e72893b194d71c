import type { ValidationError } from "../../errors/validation-error.js";
import { HttpError } from "./responses.js";

/** A rejected input as the API reports it: 400 with one `params` entry per issue. */
export function validationFailure(error: ValidationError): HttpError {
  return new HttpError(
    400,
    "invalid_request_error",
    error.message,
    error.issues.map((issue) => ({ param: issue.path || "body", message: issue.message })),
  );
}
