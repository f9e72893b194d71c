import type { ApiKey } from "../index.js";
import { h } from "./dom.js";

/**
 * The purple **Organization (all keys)** badge for an organization key, else one blue badge
 * per API key, named as `apiKeys` names it. `undefined` (the server did not say, as Edgee's
 * documented answers may not) is shown as unknown, never as the whole organization.
 *
 * @example
 * cell.append(assignmentBadges(record.api_key_ids, apiKeys));
 */
export function assignmentBadges(
  apiKeyIds: readonly string[] | undefined,
  apiKeys: readonly ApiKey[],
): HTMLElement {
  if (apiKeyIds === undefined) {
    return h("span", { class: "badge badge-muted" }, "Assignment unknown");
  }
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
