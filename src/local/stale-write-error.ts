import { ByokError } from "../errors/byok-error.js";
import type { StoreEntryKind } from "./store.js";

/**
 * A store refused a conditional write: the entry's stored version is not the one the write
 * named (another writer, maybe another instance, got there first), or it exists when the write
 * said it must not. Nothing was written. The backend answers it with a 412 when the request
 * sent `If-Match`, and otherwise reloads the entry and applies the request again.
 */
export class StaleWriteError extends ByokError {
  override name = "StaleWriteError";
  readonly kind: StoreEntryKind;
  readonly id: string;
  /** The version the write named (`null`: "must not exist"). */
  readonly expectedVersion: number | null;
  /** The version the store holds (`null`: none, the entry is gone). */
  readonly actualVersion: number | null;

  constructor(
    kind: StoreEntryKind,
    id: string,
    expectedVersion: number | null,
    actualVersion: number | null,
  ) {
    super(
      `stale write to ${kind.replace("_", " ")} ${id}: expected version ${expectedVersion ?? "none"}, the store holds ${actualVersion ?? "none"}`,
    );
    this.kind = kind;
    this.id = id;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}
