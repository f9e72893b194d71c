import { ApiError } from "./api-error.js";

/** 412: `If-Match` named a stale version; nothing was written. */
export class PreconditionFailedError extends ApiError {
  override name = "PreconditionFailedError";
}
