/**
 * The admin console of `byokit serve --ui`: provider keys of one organization, managed through
 * the public `byokit` client over the same-origin local API.
 */
import {
  type ApiKey,
  type ConsoleClient,
  createClient,
  type PagePromise,
  type ProviderKey,
} from "../index.js";
import { apiKeysSection } from "./api-keys-section.js";
import { readConfig, SESSION_BEARER } from "./config.js";
import { confirmDialog } from "./dialog.js";
import { h, required } from "./dom.js";
import { issuesOf } from "./form-errors.js";
import { openKeyForm } from "./key-form.js";
import { keysTable } from "./keys-table.js";
import { resolvePanel } from "./resolve-panel.js";

start();

function start(): void {
  const loadError = required<HTMLElement>(document, "#load-error");
  let client: ConsoleClient;
  let organizationId: string;
  try {
    const config = readConfig(document);
    client = createClient({
      baseUrl: location.origin,
      organizationId: config.organizationId,
      token: SESSION_BEARER,
      maxRetries: 1,
    });
    organizationId = config.organizationId;
    required<HTMLElement>(document, "#org").textContent = `Organization ${config.organizationId}`;
  } catch (error) {
    loadError.textContent = issuesOf(error)[0]?.message ?? "";
    return;
  }
  const content = required<HTMLElement>(document, "#keys-content");
  const status = required<HTMLElement>(document, "#status");
  const heading = required<HTMLElement>(document, "#keys-title");
  const addButton = required<HTMLButtonElement>(document, "#add-key");
  const panel = resolvePanel(client);
  required<HTMLElement>(document, "#resolve-slot").replaceWith(panel.element);
  // API key changes reload everything: the assignment pickers and the panel read the new list.
  const apiKeysPart = apiKeysSection(client, { onChanged: () => load() });
  required<HTMLElement>(document, "#api-keys-slot").replaceWith(apiKeysPart.element);
  void showOrganizationByokOnly(client, organizationId);

  let apiKeys: ApiKey[] = [];
  let records: ProviderKey[] = [];

  const announce = (text: string) => {
    status.textContent = text;
  };
  const render = () => {
    content.replaceChildren(
      keysTable(records, apiKeys, {
        onEdit: edit,
        onDelete: remove,
        onTest: (record) => client.providerKeys.testStored(record.id),
      }),
    );
    panel.setApiKeys(apiKeys);
    apiKeysPart.render(apiKeys);
  };
  const load = async () => {
    try {
      [apiKeys, records] = await Promise.all([
        collect(client.apiKeys.list({ limit: 100 })),
        collect(client.providerKeys.list({ limit: 100 })),
      ]);
      loadError.textContent = "";
      render();
    } catch (error) {
      loadError.textContent = `Could not load the keys: ${issuesOf(error)[0]?.message ?? ""}`;
    }
  };
  const saved = async (record: ProviderKey, action: "created" | "updated") => {
    await load();
    announce(`${action === "created" ? "Created" : "Saved"} ${record.name}.`);
  };
  function edit(record: ProviderKey, opener: HTMLButtonElement): void {
    openKeyForm({ client, apiKeys, records, record, opener, onSaved: saved });
  }
  async function remove(record: ProviderKey, opener: HTMLButtonElement): Promise<void> {
    const confirmed = await confirmDialog({
      title: `Delete ${record.name}?`,
      message:
        "Requests it serves will use another key of the same provider, or the gateway's shared keys if none is assigned. This cannot be undone.",
      confirmLabel: "Delete key",
      opener,
    });
    if (!confirmed) return;
    try {
      await client.providerKeys.delete(record.id);
      await load();
      announce(`Deleted ${record.name}.`);
      heading.focus();
    } catch (error) {
      loadError.textContent = `Could not delete ${record.name}: ${issuesOf(error)[0]?.message ?? ""}`;
    }
  }
  addButton.addEventListener("click", () =>
    openKeyForm({ client, apiKeys, records, opener: addButton, onSaved: saved }),
  );
  void load();
}

/** A BYOK-only badge beside the organization's name, when its setting imposes it on every key. */
async function showOrganizationByokOnly(client: ConsoleClient, id: string): Promise<void> {
  try {
    const organization = await client.organizations.get(id);
    if (organization.byok_only !== true) return;
    required<HTMLElement>(document, "#org").append(
      " ",
      h(
        "span",
        { class: "badge badge-byok", title: "Every API key of this organization is BYOK-only" },
        "BYOK-only",
      ),
    );
  } catch {
    // Not every server reports organizations; the keys' own badges still say it.
  }
}

async function collect<T>(pages: PagePromise<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of pages) items.push(item);
  return items;
}
