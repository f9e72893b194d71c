import { ByokError } from "../errors/byok-error.js";

/**
 * A byokit helper needs an optional peer dependency this project cannot load (today: msw, for
 * `createApiHandlers`). The message says what to install or import instead.
 *
 * @example
 * try {
 *   createApiHandlers();
 * } catch (error) {
 *   if (error instanceof MissingPeerDependencyError) console.error(error.message); // … npm i -D msw …
 * }
 */
export class MissingPeerDependencyError extends ByokError {
  override name = "MissingPeerDependencyError";
  /** The package that could not be loaded, such as `"msw"`. */
  readonly packageName: string;

  constructor(packageName: string, message: string) {
    super(message);
    this.packageName = packageName;
  }
}
