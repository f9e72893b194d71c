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

/**
 * Shows a form's errors: inline under the field each issue names (the longest registered path
 * that prefixes it), and all of them in a summary at the top that screen readers announce.
 */
export class FormErrors {
  readonly summary: HTMLElement;
  readonly #fields = new Map<string, Field<HTMLElement>>();
  #shown: Field<HTMLElement>[] = [];

  constructor() {
    this.summary = h("div", { class: "form-errors", role: "alert", tabindex: "-1" });
    this.summary.hidden = true;
  }

  /** Ties an API field path to the field that shows its errors. */
  register(path: string, target: Field<HTMLElement>): void {
    this.#fields.set(path, target);
  }

  /** Forgets every path under `prefix` (Bedrock rows change their paths with their region). */
  unregister(prefix: string): void {
    for (const path of [...this.#fields.keys()]) {
      if (path === prefix || path.startsWith(`${prefix}.`)) this.#fields.delete(path);
    }
  }

  clear(): void {
    for (const target of this.#shown) {
      target.message.hidden = true;
      target.message.textContent = "";
      target.control.removeAttribute("aria-invalid");
    }
    this.#shown = [];
    this.summary.hidden = true;
    this.summary.replaceChildren();
  }

  /** Shows `error`; returns the issues it named. */
  show(error: unknown): FormIssue[] {
    this.clear();
    const issues = issuesOf(error);
    const items = issues.map((issue) => {
      const target = this.#fieldOf(issue.path);
      if (target) {
        target.message.textContent = target.message.textContent
          ? `${target.message.textContent} ${capitalize(issue.message)}.`
          : `${capitalize(issue.message)}.`;
        target.message.hidden = false;
        target.control.setAttribute("aria-invalid", "true");
        this.#shown.push(target);
      }
      const where = target ? target.label : issue.path;
      return h("li", {}, where ? `${where}: ${issue.message}` : issue.message);
    });
    this.summary.replaceChildren(
      h("p", {}, issues.length === 1 ? "Please fix this:" : `Please fix these ${issues.length}:`),
      h("ul", {}, ...items),
    );
    this.summary.hidden = false;
    const first = this.#shown[0];
    if (first) first.control.focus();
    else this.summary.focus();
    return issues;
  }

  #fieldOf(path: string): Field<HTMLElement> | undefined {
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

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).replace(/\.$/, "");
}
