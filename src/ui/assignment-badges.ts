import type { ApiKey } from "../index.js";
import { h } from "./dom.js";

/**
 * The purple **Organization (all keys)** badge for an organization key, else one blue badge
 * per API key, named as `apiKeys` names it.
 *
 * @example
 * cell.append(assignmentBadges(record.api_key_ids, apiKeys));
 */
export function assignmentBadges(
  apiKeyIds: readonly string[],
  apiKeys: readonly ApiKey[],
): HTMLElement {
  if (apiKeyIds.length === 0) {
    return h("span", { class: "badge badge-org" }, "Organization (all keys)");
  }
  const names = new Map(apiKeys.map((apiKey) => [apiKey.id, apiKey.name]));
  return h(
    "ul",
    { class: "badges", "aria-label": "API keys" },
    ...apiKeyIds.map((id) => h("li", { class: "badge badge-key", title: id }, names.get(id) ?? id)),
  );
}
