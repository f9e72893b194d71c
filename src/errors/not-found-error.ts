import { ApiError } from "./api-error.js";

/** 404: no such provider key, organization or route. */
export class NotFoundError extends ApiError {
  override name = "NotFoundError";
}
