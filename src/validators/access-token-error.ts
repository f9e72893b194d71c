import { ByokError } from "../errors/byok-error.js";
import type { CredentialStatus } from "./types.js";

/**
 * `authorizeRequest("google_vertex_ai", …)` could not get an access token: Google refused the
 * service account, or answered something unexpected. The message is scrubbed of the key.
 *
 * @example
 * try { await authorizeRequest("google_vertex_ai", request, serviceAccount); }
 * catch (error) { if (error instanceof AccessTokenError) console.warn(error.status); }
 */
export class AccessTokenError extends ByokError {
  override name = "AccessTokenError";
  /** What a credential test would have answered: `invalid_credentials`, `rate_limited`, … */
  readonly status: CredentialStatus;
  /** The token endpoint's HTTP status, when it answered. */
  readonly httpStatus: number | undefined;

  constructor(status: CredentialStatus, message: string, httpStatus?: number) {
    super(message);
    this.status = status;
    this.httpStatus = httpStatus;
  }
}
