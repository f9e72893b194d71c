import { type Attributes, h, uniqueId } from "./dom.js";

/** A labelled control with its hint and its error message, tied by `aria-describedby`. */
export interface Field<C extends HTMLElement> {
  readonly element: HTMLElement;
  readonly control: C;
  readonly label: string;
  /** Where this field's error is written; empty and hidden when there is none. */
  readonly message: HTMLElement;
  /** Replaces the hint text (for example the stored credential's preview). */
  setHint(text: string): void;
}

export type FieldControl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/**
 * Wraps a control in a `<label>`, a hint and an error slot.
 *
 * @example
 * const name = field("Name", h("input", { type: "text", maxlength: 100 }), { hint: "Shown in lists" });
 */
export function field<C extends FieldControl>(
  label: string,
  control: C,
  options: { readonly hint?: string; readonly className?: string } = {},
): Field<C> {
  control.id ||= uniqueId("field");
  const hint = h("p", { class: "hint", id: uniqueId("hint") }, options.hint ?? "");
  hint.hidden = !options.hint;
  const message = h("p", { class: "field-error", id: uniqueId("error") });
  message.hidden = true;
  control.setAttribute("aria-describedby", `${hint.id} ${message.id}`);
  const element = h(
    "div",
    { class: `field ${options.className ?? ""}`.trim() },
    h("label", { for: control.id }, label),
    control,
    hint,
    message,
  );
  return {
    element,
    control,
    label,
    message,
    setHint(text) {
      hint.textContent = text;
      hint.hidden = text === "";
    },
  };
}

/** `<input>` with the given attributes. */
export function input(attributes: Attributes): HTMLInputElement {
  return h("input", attributes);
}

/**
 * A secret input: masked, never autofilled or spell-checked (a spell checker may send what it
 * reads to a remote service).
 */
export function secretInput(attributes: Attributes = {}): HTMLInputElement {
  return h("input", {
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    autocapitalize: "off",
    ...attributes,
  });
}

/** A `<select>` of `[value, label]` options. */
export function select(options: readonly (readonly [string, string])[]): HTMLSelectElement {
  return h("select", {}, ...options.map(([value, text]) => h("option", { value }, text)));
}
