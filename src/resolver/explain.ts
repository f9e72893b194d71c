import type { Candidate } from "./candidate.js";
import type { ResolvableKey } from "./types.js";

/**
 * The pieces of an explanation: one short paragraph an admin tool can show as is, naming the
 * scope, the key, the region entry, and what was shadowed or skipped. Kept terse on purpose:
 * this text ships in the resolver's 2 KB browser budget.
 */

export const keyName = (key: ResolvableKey): string => `"${key.name}" (${key.id})`;

/** `scopeId` is an API key id, or `""` for the organization. */
export const scopeName = (scopeId: string): string =>
  scopeId ? `API key ${scopeId}` : "the organization";

/** `"A" (pk_1) [eu-west-1, global], …`: at most three keys named. */
export const keyList = <K extends ResolvableKey>(
  list: readonly Candidate<K>[],
  regions?: boolean,
): string =>
  list
    .slice(0, 3)
    .map((c) => keyName(c.record) + (regions ? ` [${c.regions.join(", ")}]` : ""))
    .join(", ") + (list.length > 3 ? ", ..." : "");
