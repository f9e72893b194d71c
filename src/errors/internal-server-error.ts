import { ApiError } from "./api-error.js";

/** 5xx: the server failed; retried automatically up to `maxRetries`. */
export class InternalServerError extends ApiError {
  override name = "InternalServerError";
}
