import { ByokError } from "../errors/byok-error.js";

/**
 * A 2xx answer whose body is not what the API promises. The transport turns it into an
 * `ApiError` of type `unexpected_response` carrying the method, path and status. In a file of
 * its own so the parsers loaded on demand (gateway API keys, organizations) share nothing else
 * with the client's first load.
 */
export class UnexpectedResponse extends ByokError {
  override name = "UnexpectedResponse";
}
