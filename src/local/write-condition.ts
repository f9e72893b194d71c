import { StaleWriteError } from "./stale-write-error.js";
import type {
  StoredApiKey,
  StoredOrganization,
  StoredProviderKey,
  StoreEntryKind,
  WriteCondition,
} from "./store.js";

/** The version of a provider key as stored (a record written before versions: 0). */
export function providerKeyVersion(entry: StoredProviderKey): number {
  return entry.record.version ?? 0;
}

/** The version of an API key as stored (files written before versions: 1). */
export function apiKeyVersion(entry: StoredApiKey): number {
  return entry.version ?? 1;
}

/** The version of an organization as stored. */
export function organizationVersion(entry: StoredOrganization): number {
  return entry.version;
}

/**
 * Throws a {@link StaleWriteError} unless `condition` holds against what is stored (`stored`:
 * the stored entry's version, `null` when there is none). No condition always holds.
 */
export function checkWriteCondition(
  kind: StoreEntryKind,
  id: string,
  stored: number | null,
  condition: WriteCondition | undefined,
): void {
  if (condition === undefined) return;
  if (condition.expectedVersion !== stored) {
    throw new StaleWriteError(kind, id, condition.expectedVersion, stored);
  }
}
