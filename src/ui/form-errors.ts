import { ApiError, PreconditionFailedError, ValidationError } from "../index.js";
import { h } from "./dom.js";
import type { Field } from "./field.js";

/** One problem to show: the API's field path (`provider_key.us-east-1.access_key_id`) and what is wrong. */
export interface FormIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * The issues an error names: a `ValidationError`'s `issues`, an `ApiError`'s `params`, else one
 * form-level issue with the error's message.
 *
 * @example
 * issuesOf(new ValidationError([{ path: "name", message: "is required" }])); // [{ path: "name", … }]
 */
export function issuesOf(error: unknown): FormIssue[] {
  if (error instanceof ValidationError) return [...error.issues];
  if (error instanceof PreconditionFailedError) {
    return [
      {
        path: "",
        message:
          "This key was changed by someone else since you opened it (412 Precondition Failed): nothing was saved. Reload it to see the latest version, then make your edit again.",
      },
    ];
  }
  if (error instanceof ApiError && error.params.length > 0) {
    return error.params.map(({ param, message }) => ({ path: param, message }));
  }
  if (error instanceof Error) return [{ path: "", message: error.message }];
  return [{ path: "", message: "Something went wrong." }];
}

/** Says whether a field's current value is fixed; absent: any edit counts as a fix. */
export type FixCheck = () => boolean;

/**
 * Shows a form's errors: inline under the field each issue names (the longest registered path
 * that prefixes it), and all of them in a summary at the top that screen readers announce.
 * A field's error goes away as soon as the field is fixed (its check passes, or it is edited),
 * and the summary's count follows, rather than staying until the next submit.
 */
export class FormErrors {
  readonly summary: HTMLElement;
  readonly #fields = new Map<string, { target: Field<HTMLElement>; isFixed?: FixCheck }>();
  /** Shown fields, each with its summary lines. */
  #shown = new Map<Field<HTMLElement>, { items: HTMLElement[]; isFixed?: FixCheck }>();
  #heading = h("p", {});
  #list = h("ul", {});

  constructor() {
    this.summary = h("div", { class: "form-errors", role: "alert", tabindex: "-1" });
    this.summary.hidden = true;
  }

  /** Ties an API field path to the field that shows its errors; `isFixed` says when it is fixed. */
  register(path: string, target: Field<HTMLElement>, isFixed?: FixCheck): void {
    this.#fields.set(path, isFixed ? { target, isFixed } : { target });
    if (!target.element.dataset.fixWatch) {
      // Events bubble from every control of the field (a fieldset's boxes and radios too).
      target.element.dataset.fixWatch = "1";
      const recheck = () => this.#recheck(target);
      target.element.addEventListener("input", recheck);
      target.element.addEventListener("change", recheck);
    }
  }

  /** Forgets every path under `prefix` (Bedrock rows change their paths with their region). */
  unregister(prefix: string): void {
    for (const path of [...this.#fields.keys()]) {
      if (path === prefix || path.startsWith(`${prefix}.`)) this.#fields.delete(path);
    }
  }

  /** How many problems the summary lists now. */
  get count(): number {
    return this.#list.childElementCount;
  }

  clear(): void {
    for (const target of this.#shown.keys()) hideMessage(target);
    this.#shown.clear();
    this.summary.hidden = true;
    this.#list.replaceChildren();
  }

  /** Shows `error`; returns the issues it named. */
  show(error: unknown): FormIssue[] {
    this.clear();
    const issues = issuesOf(error);
    const items = issues.map((issue) => {
      const registered = this.#fieldOf(issue.path);
      const where = registered ? registered.target.label : issue.path;
      const item = h("li", {}, where ? `${where}: ${issue.message}` : issue.message);
      if (registered) {
        const { target, isFixed } = registered;
        target.message.textContent = target.message.textContent
          ? `${target.message.textContent} ${capitalize(issue.message)}.`
          : `${capitalize(issue.message)}.`;
        target.message.hidden = false;
        target.control.setAttribute("aria-invalid", "true");
        const shown = this.#shown.get(target);
        if (shown) shown.items.push(item);
        else this.#shown.set(target, isFixed ? { items: [item], isFixed } : { items: [item] });
      }
      return item;
    });
    this.#list.replaceChildren(...items);
    this.#updateHeading();
    this.summary.replaceChildren(this.#heading, this.#list);
    this.summary.hidden = false;
    const first = this.#shown.keys().next().value;
    if (first) first.control.focus();
    else this.summary.focus();
    return issues;
  }

  /** Drops a shown field's error once it is fixed; the summary's count follows. */
  #recheck(target: Field<HTMLElement>): void {
    const shown = this.#shown.get(target);
    if (!shown || (shown.isFixed && !shown.isFixed())) return;
    hideMessage(target);
    for (const item of shown.items) item.remove();
    this.#shown.delete(target);
    if (this.count === 0) {
      this.summary.hidden = true;
      this.summary.replaceChildren();
    } else this.#updateHeading();
  }

  #updateHeading(): void {
    this.#heading.textContent =
      this.count === 1 ? "Please fix this:" : `Please fix these ${this.count}:`;
  }

  #fieldOf(path: string) {
    let candidate = path;
    for (;;) {
      const found = this.#fields.get(candidate);
      if (found) return found;
      const cut = Math.max(candidate.lastIndexOf("."), candidate.lastIndexOf("["));
      if (cut <= 0) return undefined;
      candidate = candidate.slice(0, cut);
    }
  }
}

function hideMessage(target: Field<HTMLElement>): void {
  target.message.hidden = true;
  target.message.textContent = "";
  target.control.removeAttribute("aria-invalid");
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).replace(/\.$/, "");
}
