import { ByokError } from "../errors/byok-error.js";

/** The command line was wrong: exit code 2, with a message that never repeats a value given. */
export class UsageError extends ByokError {
  override name = "UsageError";
}
