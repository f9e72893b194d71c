import { openDialog } from "./dialog.js";
import { h, uniqueId } from "./dom.js";

/**
 * Shows a gateway API key's secret once, with a copy button and the warning that it will not
 * be shown again. The secret lives only in this dialog: when it closes the text is wiped and
 * the dialog leaves the page, so nothing in the DOM keeps it.
 *
 * @example
 * showSecretOnce({ title: "Production created", secret: created.key, opener: button });
 */
export function showSecretOnce(options: {
  readonly title: string;
  readonly secret: string;
  readonly opener: HTMLElement;
}): HTMLDialogElement {
  const warningId = uniqueId("secret-warning");
  const secretId = uniqueId("secret");
  const value = h("code", { class: "secret-value", id: secretId }, options.secret);
  const copyStatus = h("p", { class: "hint", role: "status" });
  const copy = h(
    "button",
    { type: "button", class: "secondary", "aria-describedby": secretId },
    "Copy key",
  );
  const done = h("button", { type: "button", class: "primary" }, "I have stored it");
  const dialog = openDialog({
    title: options.title,
    opener: options.opener,
    describedBy: warningId,
    initialFocus: copy,
    body: h(
      "div",
      { class: "secret-once" },
      h(
        "p",
        { id: warningId, class: "secret-warning" },
        "Copy this key now: you will not see it again here. Store it where your application reads its secrets.",
      ),
      h("p", { class: "secret-box" }, h("span", { class: "visually-hidden" }, "Key: "), value),
      copyStatus,
      h("div", { class: "dialog-actions" }, copy, done),
    ),
  });
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(value.textContent ?? "");
      copyStatus.textContent = "Copied to the clipboard.";
    } catch {
      // Clipboard access can be refused (permissions, an insecure context): select it instead.
      getSelection()?.selectAllChildren(value);
      copyStatus.textContent = "Could not copy: the key is selected, press Ctrl+C (⌘C).";
    }
  });
  // Wiped before the dialog closes (the "close" event comes a task later, and Escape fires
  // "cancel" first), so no moment leaves the secret in a hidden dialog.
  const wipe = () => {
    value.textContent = "";
    getSelection()?.removeAllRanges();
  };
  done.addEventListener("click", () => {
    wipe();
    dialog.close();
  });
  dialog.addEventListener("cancel", wipe);
  dialog.addEventListener("close", wipe);
  return dialog;
}
