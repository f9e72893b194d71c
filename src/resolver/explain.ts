import type { Candidate } from "./candidate.js";
import type { ResolvableKey } from "./types.js";

/**
 * The sentences of an explanation. Each answer gets one short paragraph an admin tool can show
 * as is: which scope, which key, which region entry, and what was shadowed or skipped.
 */

export const describeKey = (key: ResolvableKey): string => `"${key.name}" (${key.id})`;

export function describeScope(apiKeyId: string | undefined): string {
  return apiKeyId === undefined ? "the organization (all keys)" : `API key ${apiKeyId}`;
}

function listKeys<K extends ResolvableKey>(
  candidates: readonly Candidate<K>[],
  withRegions: boolean,
): string {
  const shown = candidates.slice(0, 3).map((c) => {
    const regions = c.regions.length > 0 ? c.regions.join(", ") : "no region";
    return withRegions ? `${describeKey(c.record)} has ${regions}` : describeKey(c.record);
  });
  const more = candidates.length - shown.length;
  return shown.join("; ") + (more > 0 ? `; and ${more} more` : "");
}

export function explainShadowed<K extends ResolvableKey>(
  shadowed: readonly Candidate<K>[],
): string {
  if (shadowed.length === 0) return "";
  return ` It wins the tie (oldest created_at, then smallest id) over ${listKeys(shadowed, false)}, which ${
    shadowed.length === 1 ? "is" : "are"
  } never used while it is active.`;
}

export function explainSkipped(orgKeys: number, inactive: number, apiKeyScope: boolean): string {
  let text = "";
  if (apiKeyScope && orgKeys > 0) {
    text += ` ${orgKeys} organization key${orgKeys === 1 ? " was" : "s were"} not consulted: API-key assignments take precedence.`;
  }
  if (inactive > 0)
    text += ` ${inactive} inactive key${inactive === 1 ? " was" : "s were"} skipped.`;
  return text;
}

export function explainRegion(requested: string, matched: string): string {
  if (requested === matched) return ` It uses the key's ${matched} credentials.`;
  if (requested === "global")
    return " It uses the key's global credentials (no region was requested).";
  return ` It uses the key's global credentials: no key in this scope holds ${requested}.`;
}

export function explainUnavailable<K extends ResolvableKey>(
  label: string,
  apiKeyId: string | undefined,
  requested: string,
  keys: readonly Candidate<K>[],
): string {
  const wanted = requested === "global" ? "a request without a region" : requested;
  return `No ${label} key assigned to ${describeScope(apiKeyId)} can serve ${wanted}: ${listKeys(keys, true)}.${
    apiKeyId === undefined
      ? ""
      : " Organization keys are not consulted, so that another account is never billed silently."
  } Add ${requested === "global" ? "global" : `${requested} or global`} credentials to one of these keys.`;
}
