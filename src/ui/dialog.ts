import { h, uniqueId } from "./dom.js";

export interface DialogOptions {
  readonly title: string;
  readonly body: HTMLElement;
  /** Focus returns here when the dialog closes. */
  readonly opener: HTMLElement;
  /** Focused on open; default: the dialog's first focusable control. */
  readonly initialFocus?: HTMLElement;
  /** `alertdialog` for a confirmation. Default `dialog`. */
  readonly role?: "dialog" | "alertdialog";
  readonly describedBy?: string;
}

/**
 * A native modal `<dialog>`: it keeps focus inside and closes on Escape. It is removed from the
 * page when closed, and focus goes back to the control that opened it.
 *
 * @example
 * const dialog = openDialog({ title: "Add provider key", body: form, opener: button });
 */
export function openDialog(options: DialogOptions): HTMLDialogElement {
  const titleId = uniqueId("dialog-title");
  const dialog = h(
    "dialog",
    {
      "aria-labelledby": titleId,
      "aria-describedby": options.describedBy,
      role: options.role === "alertdialog" ? "alertdialog" : undefined,
    },
    h("h2", { id: titleId }, options.title),
    options.body,
  );
  dialog.addEventListener("close", () => {
    dialog.remove();
    if (options.opener.isConnected) options.opener.focus();
    else document.querySelector<HTMLElement>("main h1, main h2")?.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  (
    options.initialFocus ?? dialog.querySelector<HTMLElement>("input, select, textarea, button")
  )?.focus();
  return dialog;
}

/**
 * Asks before a destructive action. Resolves `true` only when the user confirms; the safe
 * button has the focus.
 *
 * @example
 * if (await confirmDialog({ title: "Delete key?", message: "…", confirmLabel: "Delete", opener })) …
 */
export function confirmDialog(options: {
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  readonly opener: HTMLElement;
}): Promise<boolean> {
  return new Promise((resolve) => {
    const messageId = uniqueId("confirm-message");
    const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
    const confirm = h("button", { type: "button", class: "danger-button" }, options.confirmLabel);
    let confirmed = false;
    const dialog = openDialog({
      title: options.title,
      role: "alertdialog",
      describedBy: messageId,
      opener: options.opener,
      initialFocus: cancel,
      body: h(
        "div",
        {},
        h("p", { id: messageId }, options.message),
        h("div", { class: "dialog-actions" }, cancel, confirm),
      ),
    });
    dialog.addEventListener("close", () => resolve(confirmed));
    cancel.addEventListener("click", () => dialog.close());
    confirm.addEventListener("click", () => {
      confirmed = true;
      dialog.close();
    });
  });
}
