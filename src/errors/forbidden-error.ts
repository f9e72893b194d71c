import { ApiError } from "./api-error.js";

/** 403: the token may not do this. */
export class ForbiddenError extends ApiError {
  override name = "ForbiddenError";
}
