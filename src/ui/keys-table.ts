import { type ApiKey, type ProviderKey, providers } from "../index.js";
import { assignmentBadges } from "./assignment-badges.js";
import { h } from "./dom.js";
import { previewView } from "./preview-view.js";

export interface KeysTableActions {
  readonly onEdit: (record: ProviderKey, button: HTMLButtonElement) => void;
  readonly onDelete: (record: ProviderKey, button: HTMLButtonElement) => void;
}

const COLUMNS = ["Name", "Provider", "Key", "Assigned to", "Status", "Created", "Actions"] as const;

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/**
 * The provider keys table. Each cell carries its column name (`data-label`), which the narrow
 * layout shows when rows become cards; explicit roles keep the table a table for assistive
 * technology in that layout.
 *
 * @example
 * section.replaceChildren(keysTable(records, apiKeys, { onEdit, onDelete }));
 */
export function keysTable(
  records: readonly ProviderKey[],
  apiKeys: readonly ApiKey[],
  actions: KeysTableActions,
): HTMLElement {
  if (records.length === 0) {
    return h(
      "p",
      { class: "empty" },
      "No provider keys yet. Add one to bill gateway traffic to your own provider account.",
    );
  }
  return h(
    "table",
    { class: "keys", role: "table" },
    h("caption", { class: "visually-hidden" }, "Provider keys"),
    h(
      "thead",
      { role: "rowgroup" },
      h(
        "tr",
        { role: "row" },
        ...COLUMNS.map((column) => h("th", { scope: "col", role: "columnheader" }, column)),
      ),
    ),
    h("tbody", { role: "rowgroup" }, ...records.map((record) => row(record, apiKeys, actions))),
  );
}

function row(
  record: ProviderKey,
  apiKeys: readonly ApiKey[],
  actions: KeysTableActions,
): HTMLElement {
  const edit = h(
    "button",
    { type: "button", class: "secondary", "aria-label": `Edit ${record.name}` },
    "Edit",
  );
  const remove = h(
    "button",
    { type: "button", class: "danger-button", "aria-label": `Delete ${record.name}` },
    "Delete",
  );
  edit.addEventListener("click", () => actions.onEdit(record, edit));
  remove.addEventListener("click", () => actions.onDelete(record, remove));
  const created = new Date(record.created_at);
  const cell = (label: (typeof COLUMNS)[number], ...content: (Node | string)[]) =>
    h("td", { "data-label": label, role: "cell" }, ...content);
  return h(
    "tr",
    { role: "row", "data-id": record.id },
    h("th", { scope: "row", role: "rowheader", "data-label": "Name" }, record.name),
    cell("Provider", providers[record.provider]?.label ?? record.provider),
    cell("Key", previewView(record.preview)),
    cell("Assigned to", assignmentBadges(record.api_key_ids, apiKeys)),
    cell(
      "Status",
      h(
        "span",
        { class: `badge ${record.active ? "badge-ok" : "badge-muted"}` },
        record.active ? "Active" : "Inactive",
      ),
    ),
    cell(
      "Created",
      Number.isNaN(created.getTime())
        ? record.created_at
        : h("time", { datetime: record.created_at }, dateFormat.format(created)),
    ),
    cell("Actions", h("div", { class: "row-buttons" }, edit, remove)),
  );
}
