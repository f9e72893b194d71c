import {
  type ApiKey,
  type ConsoleClient,
  type CreateProviderKeyInput,
  createResolver,
  nameSchema,
  PROVIDER_IDS,
  PreconditionFailedError,
  type ProviderId,
  type ProviderKey,
  providers,
  type UpdateProviderKeyInput,
  ValidationError,
  type ValidationIssue,
} from "../index.js";
import { type AssignmentFieldset, assignmentFieldset } from "./assignment-fieldset.js";
import { type CredentialEditor, KEEP_HINT } from "./credential-editor.js";
import { credentialEditor } from "./credential-editors.js";
import { openDialog } from "./dialog.js";
import { h } from "./dom.js";
import { field, input, select } from "./field.js";
import { FormErrors } from "./form-errors.js";
import { testResultView } from "./test-result-view.js";

export interface KeyFormOptions {
  readonly client: ConsoleClient;
  /** The live list of the organization's API keys: the assignment's choices. */
  readonly apiKeys: readonly ApiKey[];
  /** The stored provider keys: a new key is checked against them for shadowing. */
  readonly records?: readonly ProviderKey[];
  /** The key to edit; absent: a new key. */
  readonly record?: ProviderKey;
  /** The button that opened the form: focus returns to it on close. */
  readonly opener: HTMLElement;
  readonly onSaved: (record: ProviderKey, action: "created" | "updated") => void;
}

/**
 * Opens the create or edit form in a modal dialog: provider, name, credentials that change
 * with the provider, assignment, (on edit) active; **Test credentials** shows the result.
 *
 * @example
 * openKeyForm({ client, apiKeys, opener: button, onSaved: () => refresh() });
 */
export function openKeyForm(options: KeyFormOptions): void {
  const { client, record } = options;
  const editing = record !== undefined;
  const errors = new FormErrors();

  const providerField = field(
    "Provider",
    select(PROVIDER_IDS.map((id) => [id, providers[id].label] as const)),
  );
  providerField.control.value = record?.provider ?? "openai";
  providerField.control.disabled = editing;
  if (editing) providerField.setHint("The provider of a key cannot change.");
  errors.register("provider", providerField);

  const nameField = field(
    "Name",
    input({ type: "text", name: "name", maxlength: 100, autocomplete: "off", required: true }),
  );
  nameField.control.value = record?.name ?? "";
  errors.register(
    "name",
    nameField,
    () => nameSchema.safeParse(nameField.control.value.trim()).success,
  );

  const credentialSlot = h("div", {});
  let credentials: CredentialEditor;
  const showCredentials = () => {
    errors.unregister("provider_key");
    const provider = providerField.control.value as ProviderId;
    credentials = credentialEditor({
      provider,
      label: providers[provider].label,
      errors,
      stored: record?.preview,
    });
    credentialSlot.replaceChildren(credentials.element);
  };
  showCredentials();
  providerField.control.addEventListener("change", () => {
    showCredentials();
    testOutput.replaceChildren();
  });

  const assignment: AssignmentFieldset = assignmentFieldset(
    options.apiKeys,
    record?.api_key_ids ?? [],
    errors,
  );

  const active = h("input", { type: "checkbox", id: `active-${record?.id ?? "new"}` });
  active.checked = record?.active ?? true;
  const activeField = editing
    ? h(
        "div",
        { class: "choice" },
        active,
        h("label", { for: active.id }, "Active (an inactive key is kept but never used)"),
      )
    : null;

  // No role: the form's only status region stays the test result.
  const shadowWarning = h("div", { class: "shadow-warning", "aria-live": "polite" });
  if (!editing) {
    const warn = () => {
      const lines = shadowingOf(
        options.records ?? [],
        providerField.control.value as ProviderId,
        nameField.control.value.trim(),
        assignment,
      );
      shadowWarning.replaceChildren(...lines.map((line) => h("p", {}, line)));
    };
    providerField.control.addEventListener("change", warn);
    nameField.control.addEventListener("change", warn);
    assignment.element.addEventListener("change", warn);
    warn();
  }

  const testButton = h("button", { type: "button", class: "secondary" }, "Test credentials");
  const testOutput = h("div", { class: "test-output", role: "status", "aria-live": "polite" });
  const submit = h(
    "button",
    { type: "submit", class: "primary" },
    editing ? "Save changes" : "Create key",
  );
  const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
  const title = editing ? `Edit ${record.name}` : "Add provider key";
  const form = h(
    "form",
    { novalidate: true, class: "key-form" },
    errors.summary,
    h("div", { class: "grid-2" }, providerField.element, nameField.element),
    h(
      "fieldset",
      { class: "credentials-set" },
      h("legend", {}, "Credentials"),
      editing ? h("p", { class: "hint" }, KEEP_HINT) : null,
      credentialSlot,
    ),
    assignment.element,
    shadowWarning,
    activeField,
    h("div", { class: "test-area" }, testButton, testOutput),
    h("div", { class: "dialog-actions" }, cancel, submit),
  );
  const dialog = openDialog({
    title,
    body: form,
    opener: options.opener,
    initialFocus: editing ? nameField.control : providerField.control,
  });
  cancel.addEventListener("click", () => dialog.close());

  testButton.addEventListener("click", async () => {
    errors.clear();
    testOutput.replaceChildren(h("p", {}, "Testing…"));
    testButton.disabled = true;
    try {
      const providerKey = credentials.read();
      const provider = providerField.control.value as ProviderId;
      if (providerKey === undefined && !editing) {
        throw new ValidationError([{ path: "provider_key", message: "enter credentials to test" }]);
      }
      const result =
        providerKey === undefined && editing
          ? await client.providerKeys.testStored(record.id)
          : await client.providerKeys.test({ provider, provider_key: providerKey as string });
      testOutput.replaceChildren(
        h(
          "p",
          { class: "hint" },
          providerKey === undefined ? "The stored credentials:" : "The credentials entered:",
        ),
        testResultView(result),
      );
    } catch (error) {
      testOutput.replaceChildren();
      errors.show(error);
    } finally {
      testButton.disabled = false;
    }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.clear();
    submit.disabled = true;
    try {
      // Every problem the page can see is shown at once, before any request.
      const issues = issueCollector();
      const name = issues.read(() => checkName(nameField.control.value));
      const apiKeyIds = issues.read(() => assignment.read());
      const issuesBefore = issues.count;
      const providerKey = issues.read(() => credentials.read());
      if (!editing && providerKey === undefined && issues.count === issuesBefore) {
        issues.add({ path: "provider_key", message: "is required" });
      }
      issues.throwIfAny();
      const saved = editing
        ? await client.providerKeys.update(
            record.id,
            {
              name,
              api_key_ids: apiKeyIds,
              active: active.checked,
              ...(providerKey === undefined ? {} : { provider_key: providerKey }),
            } satisfies UpdateProviderKeyInput,
            record.version === undefined ? {} : { ifMatch: record.version },
          )
        : await client.providerKeys.create({
            provider: providerField.control.value as ProviderId,
            name,
            api_key_ids: apiKeyIds,
            // Checked by the client against the provider's schema before it is sent.
            provider_key: providerKey as CreateProviderKeyInput["provider_key"],
          });
      dialog.close();
      options.onSaved(saved, editing ? "updated" : "created");
    } catch (error) {
      errors.show(error);
      if (error instanceof PreconditionFailedError && editing) {
        const reload = h("button", { type: "button", class: "secondary" }, "Reload latest version");
        reload.addEventListener("click", async () => {
          const latest = await client.providerKeys.get(record.id);
          dialog.close();
          openKeyForm({ ...options, record: latest });
        });
        errors.summary.append(reload);
      }
    } finally {
      submit.disabled = false;
    }
  });
}

/**
 * What creating this key would shadow, or be shadowed by, among the stored keys: the
 * resolver's `lint()` over the public records with and without the new one. Bedrock is left
 * out (its shadowing depends on regions not typed yet).
 */
function shadowingOf(
  records: readonly ProviderKey[],
  provider: ProviderId,
  name: string,
  assignment: AssignmentFieldset,
): string[] {
  if (provider === "bedrock") return [];
  let apiKeyIds: string[];
  try {
    apiKeyIds = assignment.read();
  } catch {
    return [];
  }
  const candidate = {
    id: "pk_new_key_being_created",
    object: "provider_key",
    provider,
    name: name || "The new key",
    api_key_ids: apiKeyIds,
    active: true,
    created_at: new Date().toISOString(),
  } as unknown as ProviderKey;
  const before = new Set(
    createResolver(records)
      .lint()
      .map((finding) => finding.key.id),
  );
  const lines: string[] = [];
  for (const finding of createResolver([...records, candidate]).lint()) {
    if (finding.key.id === candidate.id) {
      lines.push(`This key will never serve a request: ${finding.reason}.`);
    } else if (!before.has(finding.key.id)) {
      lines.push(`Creating it stops ${finding.key.name} from serving: ${finding.reason}.`);
    }
  }
  return lines;
}

/** Gathers the issues of several `ValidationError`s into one. */
function issueCollector() {
  const issues: ValidationIssue[] = [];
  return {
    read<T>(read: () => T): T {
      try {
        return read();
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        issues.push(...error.issues);
        return undefined as T;
      }
    },
    get count(): number {
      return issues.length;
    },
    add(issue: ValidationIssue): void {
      issues.push(issue);
    },
    throwIfAny(): void {
      if (issues.length > 0) throw new ValidationError(issues);
    },
  };
}

/** The name, checked by the same schema the client applies. */
function checkName(value: string): string {
  const name = value.trim();
  const checked = nameSchema.safeParse(name);
  if (!checked.success) {
    throw new ValidationError([
      { path: "name", message: checked.error.issues[0]?.message ?? "is not valid" },
    ]);
  }
  return name;
}
