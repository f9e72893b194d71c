import { type ApiKey, apiKeyExpiresAt, type ConsoleClient } from "../index.js";
import { openApiKeyForm } from "./api-key-form.js";
import { confirmDialog } from "./dialog.js";
import { h } from "./dom.js";
import { issuesOf } from "./form-errors.js";
import { showSecretOnce } from "./secret-dialog.js";

export interface ApiKeysSection {
  readonly element: HTMLElement;
  /** Shows the live list (after every load). */
  render(apiKeys: readonly ApiKey[]): void;
}

const COLUMNS = ["Name", "Type", "Status", "Expires", "BYOK-only", "Actions"] as const;

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/**
 * The organization's gateway API keys: name, type, active, expiry and the effective BYOK-only
 * setting; create (the secret shown once), reveal (once, on request), deactivate/activate and
 * delete with confirmation. `onChanged` reloads the page's data, so the provider key form's
 * assignment choices and the resolver panel follow.
 *
 * @example
 * const section = apiKeysSection(client, { onChanged: load });
 */
export function apiKeysSection(
  client: ConsoleClient,
  hooks: { readonly onChanged: () => Promise<void> },
): ApiKeysSection {
  const status = h("p", { class: "status", role: "status" });
  const announce = (text: string) => {
    status.textContent = text;
  };
  const content = h("div", {}, h("p", { class: "hint" }, "Loading…"));
  const failure = h("div", { class: "load-error", role: "alert" });
  const add = h("button", { type: "button", class: "primary" }, "Create API key");
  const heading = h("h2", { id: "api-keys-title", tabindex: "-1" }, "API keys");
  const report = (what: string, error: unknown) => {
    failure.textContent = `Could not ${what}: ${issuesOf(error)[0]?.message ?? ""}`;
  };
  add.addEventListener("click", () =>
    openApiKeyForm({
      client,
      opener: add,
      onCreated: async (created) => {
        const secret = created.key;
        failure.textContent = "";
        await hooks.onChanged();
        announce(`Created API key ${created.name}.`);
        if (secret !== undefined) {
          showSecretOnce({ title: `API key ${created.name} created`, secret, opener: add });
        }
      },
    }),
  );
  const act = async (what: string, run: () => Promise<void>, done: string) => {
    try {
      await run();
      failure.textContent = "";
      await hooks.onChanged();
      announce(done);
    } catch (error) {
      report(what, error);
    }
  };
  const actions = {
    async reveal(apiKey: ApiKey, opener: HTMLButtonElement) {
      try {
        const { key } = await client.apiKeys.reveal(apiKey.id);
        failure.textContent = "";
        showSecretOnce({ title: `API key ${apiKey.name}`, secret: key, opener });
      } catch (error) {
        report(`reveal ${apiKey.name}`, error);
      }
    },
    toggle(apiKey: ApiKey) {
      const active = apiKey.active === false;
      return act(
        `${active ? "activate" : "deactivate"} ${apiKey.name}`,
        async () => void (await client.apiKeys.update(apiKey.id, { active })),
        `${active ? "Activated" : "Deactivated"} API key ${apiKey.name}.`,
      );
    },
    async remove(apiKey: ApiKey, opener: HTMLButtonElement) {
      const confirmed = await confirmDialog({
        title: `Delete API key ${apiKey.name}?`,
        message:
          "Requests with this key will be refused. Provider keys assigned to it keep the assignment and will then serve nobody (they never start serving the whole organization). This cannot be undone.",
        confirmLabel: "Delete API key",
        opener,
      });
      if (!confirmed) return;
      await act(
        `delete ${apiKey.name}`,
        () => client.apiKeys.delete(apiKey.id),
        `Deleted API key ${apiKey.name}.`,
      );
      heading.focus();
    },
  };
  return {
    element: h(
      "section",
      { class: "panel", "aria-labelledby": heading.id },
      h(
        "div",
        { class: "section-head" },
        h(
          "div",
          {},
          heading,
          h(
            "p",
            { class: "hint" },
            "The keys your applications send to the gateway. A provider key assigned to API keys serves only those.",
          ),
        ),
        add,
      ),
      status,
      failure,
      content,
    ),
    render(apiKeys) {
      content.replaceChildren(apiKeysTable(apiKeys, actions));
    },
  };
}

function apiKeysTable(
  apiKeys: readonly ApiKey[],
  actions: {
    reveal(apiKey: ApiKey, opener: HTMLButtonElement): void;
    toggle(apiKey: ApiKey): void;
    remove(apiKey: ApiKey, opener: HTMLButtonElement): void;
  },
): HTMLElement {
  if (apiKeys.length === 0) {
    return h("p", { class: "empty" }, "No API keys yet.");
  }
  const button = (label: string, name: string, className = "secondary") =>
    h("button", { type: "button", class: className, "aria-label": `${label} ${name}` }, label);
  const rows = apiKeys.map((apiKey) => {
    const reveal = button("Reveal", apiKey.name);
    const toggle = button(apiKey.active === false ? "Activate" : "Deactivate", apiKey.name);
    const remove = button("Delete", apiKey.name, "danger-button");
    reveal.addEventListener("click", () => actions.reveal(apiKey, reveal));
    toggle.addEventListener("click", () => actions.toggle(apiKey));
    remove.addEventListener("click", () => actions.remove(apiKey, remove));
    const cell = (label: (typeof COLUMNS)[number], ...content: (Node | string)[]) =>
      h("td", { "data-label": label, role: "cell" }, ...content);
    return h(
      "tr",
      { role: "row", "data-id": apiKey.id },
      h(
        "th",
        { scope: "row", role: "rowheader", "data-label": "Name" },
        apiKey.name,
        " ",
        h("code", { class: "id" }, apiKey.id),
      ),
      cell(
        "Type",
        apiKey.type === "coding_agent" ? `Coding agent (${apiKey.coding_assistant ?? "?"})` : "API",
      ),
      cell(
        "Status",
        h(
          "span",
          { class: `badge ${apiKey.active === false ? "badge-muted" : "badge-ok"}` },
          apiKey.active === false ? "Inactive" : "Active",
        ),
      ),
      cell("Expires", expiryOf(apiKey)),
      cell(
        "BYOK-only",
        apiKey.byok_only
          ? h("span", { class: "badge badge-byok", title: "Effective value" }, "BYOK-only")
          : h("span", { class: "hint" }, "No"),
      ),
      cell("Actions", h("div", { class: "row-buttons" }, reveal, toggle, remove)),
    );
  });
  return h(
    "table",
    { class: "keys api-keys", role: "table" },
    h("caption", { class: "visually-hidden" }, "API keys"),
    h(
      "thead",
      { role: "rowgroup" },
      h(
        "tr",
        { role: "row" },
        ...COLUMNS.map((column) => h("th", { scope: "col", role: "columnheader" }, column)),
      ),
    ),
    h("tbody", { role: "rowgroup" }, ...rows),
  );
}

/** "Never" for Edgee's zero time, the date otherwise ("Expired" once past), "Unknown" when unsaid. */
function expiryOf(apiKey: ApiKey): Node | string {
  const expiry = apiKeyExpiresAt(apiKey);
  if (expiry === null) return "Never";
  if (expiry === undefined) return "Unknown";
  const text = dateFormat.format(expiry);
  return h(
    "time",
    { datetime: expiry.toISOString() },
    expiry.getTime() < Date.now() ? `Expired ${text}` : text,
  );
}
