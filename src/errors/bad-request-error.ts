import { ApiError } from "./api-error.js";

/** 400: the request was malformed or a field was rejected; see `params`. */
export class BadRequestError extends ApiError {
  override name = "BadRequestError";
}
