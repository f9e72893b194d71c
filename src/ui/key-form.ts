import {
  type ApiKey,
  type ConsoleClient,
  type CreateProviderKeyInput,
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
  readonly apiKeys: readonly ApiKey[];
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
  errors.register("name", nameField);

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
      const [apiKeyIds, providerKey] = readAll(
        () => assignment.read(),
        () => credentials.read(),
      );
      const name = nameField.control.value.trim();
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
            ...(providerKey === undefined ? {} : { provider_key: providerKey }),
            // Missing credentials are sent missing: the client's own check names the field.
          } as unknown as CreateProviderKeyInput);
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
 * Runs each reader and gathers every `ValidationError`'s issues into one, so the form shows
 * all its problems at once.
 */
function readAll<A, B>(first: () => A, second: () => B): [A, B] {
  const issues: ValidationIssue[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...error.issues);
      return undefined;
    }
  };
  const a = attempt(first);
  const b = attempt(second);
  if (issues.length > 0) throw new ValidationError(issues);
  return [a as A, b as B];
}
