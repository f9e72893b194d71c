import { ByokError } from "../errors/byok-error.js";

/**
 * A credential probe got a redirect and did not follow it: the credentials would have gone
 * with it, to a host they were not meant for.
 */
export class RedirectRefusedError extends ByokError {
  override name = "RedirectRefusedError";
  /**
   * Where the redirect pointed: origin and path only (no query, no fragment, no user info),
   * or `undefined` when it is not known (a browser hides it; no `Location`).
   */
  readonly target: string | undefined;

  constructor(target: string | undefined) {
    super(`The answer was a redirect to ${target ?? "a location not disclosed"}; not followed.`);
    this.target = target;
  }
}
