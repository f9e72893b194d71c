import {
  type ApiKey,
  createResolver,
  type ProviderKey,
  providers,
  type TestResult,
} from "../index.js";
import { assignmentBadges } from "./assignment-badges.js";
import { h } from "./dom.js";
import { issuesOf } from "./form-errors.js";
import { previewView } from "./preview-view.js";
import { testResultView } from "./test-result-view.js";

export interface KeysTableActions {
  readonly onEdit: (record: ProviderKey, button: HTMLButtonElement) => void;
  readonly onDelete: (record: ProviderKey, button: HTMLButtonElement) => void;
  /** Tests the stored credentials (`client.providerKeys.testStored`); the row shows the result. */
  readonly onTest: (record: ProviderKey) => Promise<TestResult>;
}

const COLUMNS = ["Name", "Provider", "Key", "Assigned to", "Status", "Created", "Actions"] as const;

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/**
 * The provider keys table. Each cell carries its column name (`data-label`), which the narrow
 * layout shows when rows become cards; explicit roles keep the table a table for assistive
 * technology in that layout. A key that can never serve (the resolver's `lint()` on the
 * public records) says so on its own row.
 *
 * @example
 * section.replaceChildren(keysTable(records, apiKeys, { onEdit, onDelete, onTest }));
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
  const idle = new Map(
    createResolver(records)
      .lint()
      .map((finding) => [finding.key.id, finding.reason]),
  );
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
    h(
      "tbody",
      { role: "rowgroup" },
      ...records.map((record) => {
        const reason = idle.get(record.id);
        return row(record, apiKeys, actions, reason && readable(reason, record, apiKeys));
      }),
    ),
  );
}

function row(
  record: ProviderKey,
  apiKeys: readonly ApiKey[],
  actions: KeysTableActions,
  neverServes: string | undefined,
): HTMLElement {
  const test = h(
    "button",
    { type: "button", class: "secondary", "aria-label": `Test ${record.name}` },
    "Test",
  );
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
  const testOutput = h("div", {
    class: "row-test",
    role: "status",
    "aria-live": "polite",
    "aria-label": `Test of ${record.name}`,
  });
  test.addEventListener("click", async () => {
    test.disabled = true;
    testOutput.replaceChildren(h("p", {}, "Testing…"));
    try {
      testOutput.replaceChildren(testResultView(await actions.onTest(record)));
    } catch (error) {
      testOutput.replaceChildren(
        h(
          "p",
          { class: "test-result unchecked" },
          h("span", { class: "badge badge-warn" }, "Not checked"),
          ` ${issuesOf(error)[0]?.message ?? ""}`,
        ),
      );
    } finally {
      test.disabled = false;
    }
  });
  edit.addEventListener("click", () => actions.onEdit(record, edit));
  remove.addEventListener("click", () => actions.onDelete(record, remove));
  const created = new Date(record.created_at);
  const cell = (label: (typeof COLUMNS)[number], ...content: (Node | string | null)[]) =>
    h("td", { "data-label": label, role: "cell" }, ...content);
  return h(
    "tr",
    { role: "row", "data-id": record.id, class: neverServes ? "never-serves" : undefined },
    h("th", { scope: "row", role: "rowheader", "data-label": "Name" }, record.name),
    cell("Provider", providers[record.provider]?.label ?? record.provider),
    cell("Key", previewView(record.preview)),
    cell("Assigned to", assignmentBadges(record.api_key_ids, apiKeys)),
    cell("Status", ...statusOf(record, neverServes)),
    cell(
      "Created",
      Number.isNaN(created.getTime())
        ? record.created_at
        : h("time", { datetime: record.created_at }, dateFormat.format(created)),
    ),
    cell("Actions", h("div", { class: "row-buttons" }, test, edit, remove), testOutput),
  );
}

/**
 * The lint reason as the row shows it: without the row's own name in front (the row names
 * it), ids of keys left out, API keys by their names.
 */
function readable(reason: string, record: ProviderKey, apiKeys: readonly ApiKey[]): string {
  const names = new Map(apiKeys.map((apiKey) => [apiKey.id, apiKey.name]));
  const text = reason
    .replace(/ \(pk_[A-Za-z0-9_-]+\)/g, "")
    .replace(/\bkey_[A-Za-z0-9_-]+/g, (id) => names.get(id) ?? id);
  for (const own of [`"${record.name}" `, `${record.name} `]) {
    if (text.startsWith(own)) return capitalize(text.slice(own.length));
  }
  return capitalize(text);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Active, inactive, or active but never serving (shadowed, no usable region), with why. */
function statusOf(record: ProviderKey, neverServes: string | undefined): (Node | string)[] {
  if (!record.active) return [h("span", { class: "badge badge-muted" }, "Inactive")];
  if (neverServes === undefined) return [h("span", { class: "badge badge-ok" }, "Active")];
  return [
    h(
      "span",
      { class: "badge badge-warn" },
      neverServes.includes("shadowed") ? "Shadowed" : "Never used",
    ),
    h("p", { class: "row-note" }, `${neverServes}.`),
  ];
}
