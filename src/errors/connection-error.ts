import { ByokError } from "./byok-error.js";

/** The request never got an HTTP answer: refused, reset, DNS, or (in browsers) blocked by CORS. */
export class ConnectionError extends ByokError {
  override name = "ConnectionError";
}
