import { ApiError } from "./api-error.js";

/** 401: the console token is missing or wrong. */
export class AuthenticationError extends ApiError {
  override name = "AuthenticationError";
}
