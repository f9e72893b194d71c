import { maskSecret } from "../index.js";
import type { CredentialEditor, CredentialEditorContext } from "./credential-editor.js";
import { h } from "./dom.js";
import { field, secretInput } from "./field.js";

/**
 * One API key field (OpenAI, Anthropic, …). Below it, what the key will show once saved,
 * computed with `maskSecret` as the server does.
 *
 * @example
 * const editor = apiKeyCredentials({ provider: "openai", label: "OpenAI", errors });
 */
export function apiKeyCredentials(context: CredentialEditorContext): CredentialEditor {
  const stored = context.stored?.type === "api_key" ? context.stored.key : undefined;
  const key = field(`${context.label} API key`, secretInput({ name: "provider_key" }), {
    hint: stored ? `Stored: ${stored}. Leave empty to keep it.` : "",
  });
  const preview = h("p", { class: "hint mask-preview" });
  preview.hidden = true;
  key.control.addEventListener("input", () => {
    const value = key.control.value.trim();
    preview.hidden = value === "";
    preview.textContent = value === "" ? "" : `Will be shown as ${maskSecret(value)}`;
  });
  context.errors.register("provider_key", key);
  return {
    element: h("div", { class: "credentials" }, key.element, preview),
    read: () => key.control.value.trim() || undefined,
  };
}
