import type { CredentialEditor, CredentialEditorContext } from "./credential-editor.js";
import { h } from "./dom.js";
import { field } from "./field.js";

/** A service-account key file is a few KB; anything far larger is not one. */
const MAX_FILE_BYTES = 32 * 1024;

/**
 * Google Vertex AI: the service-account JSON key, pasted or uploaded (the file is read into
 * the text area, in the page; it is sent only on save or test).
 *
 * @example
 * const editor = serviceAccountCredentials({ provider: "google_vertex_ai", label: "Google Vertex AI", errors });
 */
export function serviceAccountCredentials(context: CredentialEditorContext): CredentialEditor {
  const stored = context.stored?.type === "service_account" ? context.stored : undefined;
  const json = field(
    "Service account JSON",
    h("textarea", {
      name: "provider_key",
      rows: 6,
      spellcheck: "false",
      autocomplete: "off",
      placeholder: '{ "type": "service_account", "project_id": "…", … }',
    }),
    {
      hint: stored
        ? `Stored: ${stored.client_email} (project ${stored.project_id}, key ${stored.private_key_id}…). Leave empty to keep it.`
        : "Paste the key file's content, or upload it below.",
      className: "wide",
    },
  );
  const file = field(
    "Or upload the JSON key file",
    h("input", { type: "file", accept: ".json,application/json" }),
  );
  file.control.addEventListener("change", async () => {
    const chosen = file.control.files?.[0];
    if (!chosen) return;
    if (chosen.size > MAX_FILE_BYTES) {
      file.setHint("That file is too large to be a service-account key.");
      return;
    }
    json.control.value = await chosen.text();
    file.setHint(`Loaded ${chosen.name}.`);
  });
  context.errors.register("provider_key", json);
  return {
    element: h("div", { class: "credentials" }, json.element, file.element),
    read: () => json.control.value.trim() || undefined,
  };
}
