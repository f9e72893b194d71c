import { ByokError } from "../errors/byok-error.js";

/**
 * What `byokit/local` exports under the `browser` condition in place of the Node-only parts:
 * code shared between Node and a browser still bundles, and a call says clearly why it fails.
 */
function nodeOnly(name: string): never {
  throw new ByokError(
    `${name}() needs Node.js (it uses the file system, an HTTP server or PostgreSQL); in a browser use memoryStore()`,
  );
}

/** Node-only: see `byokit/local` in Node. */
export function fileStore(..._args: unknown[]): never {
  return nodeOnly("fileStore");
}

/** Node-only: see `byokit/local` in Node. */
export function serve(..._args: unknown[]): never {
  return nodeOnly("serve");
}

/** Node-only: see `byokit/local` in Node. */
export function postgresStore(..._args: unknown[]): never {
  return nodeOnly("postgresStore");
}

/** Node-only: see `byokit/local` in Node. */
export function migrate(..._args: unknown[]): never {
  return nodeOnly("migrate");
}

/** Node-only: see `byokit/local` in Node. */
export function rotateMasterKey(..._args: unknown[]): never {
  return nodeOnly("rotateMasterKey");
}
