import { ByokError } from "../errors/byok-error.js";

/**
 * Why a file store could not be used: `wrong_master_key` (the file was written with another
 * key, or its ciphertext was altered), `corrupt` (not a byokit store file), `io` (the file
 * system refused), `rollback` (the file is older than the last generation the store recorded
 * beside it: an old copy written back). The file is never modified by a failed read.
 */
export type FileStoreErrorReason = "wrong_master_key" | "corrupt" | "io" | "rollback";

/** A file store failed; `reason` says why, the message says what to do. No secret is in it. */
export class FileStoreError extends ByokError {
  override name = "FileStoreError";
  readonly reason: FileStoreErrorReason;

  constructor(reason: FileStoreErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
