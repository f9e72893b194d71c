import { ByokError } from "./byok-error.js";

/** No answer within `timeoutMs`. */
export class TimeoutError extends ByokError {
  override name = "TimeoutError";
}
