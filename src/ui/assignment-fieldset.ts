import { type ApiKey, ValidationError } from "../index.js";
import { append, h, uniqueId } from "./dom.js";
import type { Field } from "./field.js";
import type { FormErrors } from "./form-errors.js";

export interface AssignmentFieldset {
  readonly element: HTMLFieldSetElement;
  /** `[]` for the whole organization, else the chosen API key ids. */
  read(): string[];
}

/**
 * "Whole organization" or "Selected API keys" with one checkbox per gateway API key.
 *
 * @example
 * const assignment = assignmentFieldset(apiKeys, [], errors);
 */
export function assignmentFieldset(
  apiKeys: readonly ApiKey[],
  selected: readonly string[],
  errors: FormErrors,
): AssignmentFieldset {
  const group = uniqueId("assignment");
  const radio = (value: string, label: string, checked: boolean) => {
    const control = h("input", { type: "radio", name: group, value, id: uniqueId("radio") });
    control.checked = checked;
    return {
      control,
      element: h("div", { class: "choice" }, control, h("label", { for: control.id }, label)),
    };
  };
  const organization = radio("organization", "Whole organization", selected.length === 0);
  const perKey = radio("api_keys", "Selected API keys", selected.length > 0);
  // Ids assigned before but no longer listed stay selectable, so an edit does not drop them.
  const known = new Set(apiKeys.map((apiKey) => apiKey.id));
  const choices = [
    // An inactive API key stays choosable (it may come back), and says it serves nothing now.
    ...apiKeys.map((apiKey) => ({
      id: apiKey.id,
      name: apiKey.active === false ? `${apiKey.name} (inactive)` : apiKey.name,
    })),
    ...selected.filter((id) => !known.has(id)).map((id) => ({ id, name: `${id} (unknown)` })),
  ];
  const boxes = choices.map(({ id, name }) => {
    const control = h("input", { type: "checkbox", value: id, id: uniqueId("apikey") });
    control.checked = selected.includes(id);
    return h(
      "div",
      { class: "choice" },
      control,
      h("label", { for: control.id }, name, " ", h("code", {}, id)),
    );
  });
  const keysSet = h(
    "fieldset",
    { class: "api-key-choices" },
    h("legend", {}, "API keys"),
    ...(boxes.length > 0
      ? boxes
      : [h("p", { class: "hint" }, "This organization has no API keys yet.")]),
  );
  const message = h("p", { class: "field-error", id: uniqueId("error") });
  message.hidden = true;
  keysSet.setAttribute("aria-describedby", message.id);
  const sync = () => {
    keysSet.disabled = !perKey.control.checked;
  };
  organization.control.addEventListener("change", sync);
  perKey.control.addEventListener("change", sync);
  sync();
  const firstBox = keysSet.querySelector<HTMLInputElement>("input") ?? perKey.control;
  const element = h("fieldset", { class: "assignment" });
  const errorTarget: Field<HTMLElement> = {
    element,
    control: firstBox,
    label: "Assignment",
    message,
    setHint: () => undefined,
  };
  const chosen = () => [...keysSet.querySelectorAll<HTMLInputElement>("input:checked")];
  errors.register(
    "api_key_ids",
    errorTarget,
    () => organization.control.checked || chosen().length > 0,
  );
  append(element, [
    h("legend", {}, "Assignment"),
    h(
      "p",
      { class: "hint" },
      "Organization keys serve every API key; keys assigned to API keys serve only those, and win over organization keys.",
    ),
    organization.element,
    perKey.element,
    keysSet,
    message,
  ]);
  return {
    element,
    read() {
      if (organization.control.checked) return [];
      const ids = chosen().map((box) => box.value);
      if (ids.length === 0) {
        throw new ValidationError([
          {
            path: "api_key_ids",
            message: "choose at least one API key, or the whole organization",
          },
        ]);
      }
      return ids;
    },
  };
}
