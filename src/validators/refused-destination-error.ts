import { ByokError } from "../errors/byok-error.js";

/**
 * A credential probe refused to go where it was sent: the destination resolves to a private,
 * loopback, link-local or metadata address (see `isPrivateAddress`), and
 * `network.allowPrivateNetworks` was not given. Nothing was sent; the key was not checked.
 */
export class RefusedDestinationError extends ByokError {
  override name = "RefusedDestinationError";
  /** The host as the request named it (never what it resolved to). */
  readonly host: string;

  constructor(host: string) {
    super(`Refused to connect to ${host}: it resolves to a private or local network address.`);
    this.host = host;
  }
}
