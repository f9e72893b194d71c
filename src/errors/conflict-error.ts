import { ApiError } from "./api-error.js";

/** 409: for example an idempotency key reused with another body. */
export class ConflictError extends ApiError {
  override name = "ConflictError";
}
