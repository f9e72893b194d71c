import { type ApiKey, type ConsoleClient, nameSchema, ValidationError } from "../index.js";
import { openDialog } from "./dialog.js";
import { h } from "./dom.js";
import { field, input } from "./field.js";
import { FormErrors } from "./form-errors.js";

/**
 * The "Create API key" dialog: name, days until it expires (empty: never) and BYOK-only. The
 * created record, secret included, goes to `onCreated` and nowhere else.
 *
 * @example
 * openApiKeyForm({ client, opener: button, onCreated: (apiKey) => showSecretOnce(…) });
 */
export function openApiKeyForm(options: {
  readonly client: ConsoleClient;
  readonly opener: HTMLElement;
  readonly onCreated: (apiKey: ApiKey & { key?: string }) => void;
}): void {
  const errors = new FormErrors();
  const name = field(
    "Name",
    input({ type: "text", name: "name", maxlength: 100, autocomplete: "off", required: true }),
  );
  errors.register("name", name, () => nameSchema.safeParse(name.control.value.trim()).success);
  const expiry = field(
    "Expires in (days)",
    input({ type: "number", name: "expires_in_days", min: 1, max: 36500, inputmode: "numeric" }),
    { hint: "Leave empty for a key that never expires." },
  );
  errors.register("expires_in_days", expiry, () => daysOf(expiry.control.value) !== false);
  const byokOnly = h("input", { type: "checkbox", id: "api-key-byok-only" });
  const submit = h("button", { type: "submit", class: "primary" }, "Create API key");
  const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
  const form = h(
    "form",
    { novalidate: true, class: "key-form" },
    errors.summary,
    h("div", { class: "grid-2" }, name.element, expiry.element),
    h(
      "div",
      { class: "choice" },
      byokOnly,
      h(
        "label",
        { for: byokOnly.id },
        "BYOK-only (the gateway refuses what no provider key of yours can serve, instead of using its shared keys)",
      ),
    ),
    h("div", { class: "dialog-actions" }, cancel, submit),
  );
  const dialog = openDialog({ title: "Create API key", body: form, opener: options.opener });
  cancel.addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.clear();
    submit.disabled = true;
    try {
      const days = daysOf(expiry.control.value);
      if (days === false) {
        throw new ValidationError([
          { path: "expires_in_days", message: "must be a whole number of days from 1 to 36500" },
        ]);
      }
      const created = await options.client.apiKeys.create({
        name: name.control.value.trim(),
        ...(days === undefined ? {} : { expires_in_days: days }),
        ...(byokOnly.checked ? { byok_only: true } : {}),
      });
      dialog.close();
      options.onCreated(created);
    } catch (error) {
      errors.show(error);
    } finally {
      submit.disabled = false;
    }
  });
}

/** Days until expiry: `undefined` when empty (never), `false` when not a whole number in range. */
function daysOf(text: string): number | undefined | false {
  const value = text.trim();
  if (value === "") return undefined;
  const days = Number(value);
  return Number.isInteger(days) && days >= 1 && days <= 36_500 ? days : false;
}
