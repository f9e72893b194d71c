import { ByokError } from "../index.js";

/** A tiny DOM builder: the console has no framework, and this keeps its views declarative. */

type Child = Node | string | null | undefined | false;

/** Attributes set with `setAttribute`; `true` sets an empty one, `false`/`undefined` skips it. */
export type Attributes = Record<string, string | number | boolean | undefined>;

/**
 * Creates an element with attributes and children; strings become text nodes, never HTML.
 *
 * @example
 * h("button", { type: "button", class: "danger" }, "Delete");
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

/** Appends children, skipping the empty ones. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

let counter = 0;

/** A document-unique id, to tie a `<label for>` or `aria-describedby` to its control. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Finds an element the page's HTML must hold; a missing one is a build mistake. */
export function required<T extends Element>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (element === null) throw new ByokError(`the page has no ${selector}`);
  return element;
}
