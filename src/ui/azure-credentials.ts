import type { CredentialEditor, CredentialEditorContext } from "./credential-editor.js";
import { h } from "./dom.js";
import { field, input, secretInput } from "./field.js";

/**
 * Azure OpenAI: the resource endpoint and its key, sent together.
 *
 * @example
 * const editor = azureCredentials({ provider: "azure", label: "Azure OpenAI", errors });
 */
export function azureCredentials(context: CredentialEditorContext): CredentialEditor {
  const stored = context.stored?.type === "azure" ? context.stored : undefined;
  const endpoint = field(
    "Endpoint",
    input({
      type: "url",
      name: "endpoint",
      placeholder: "https://my-resource.openai.azure.com",
      autocomplete: "off",
    }),
    { hint: stored ? `Stored: ${stored.endpoint}. Leave both empty to keep.` : "" },
  );
  const key = field("Azure API key", secretInput({ name: "api_key" }), {
    hint: stored ? `Stored: ${stored.key}.` : "",
  });
  context.errors.register("provider_key", endpoint);
  context.errors.register("provider_key.endpoint", endpoint);
  context.errors.register("provider_key.api_key", key);
  return {
    element: h("div", { class: "credentials grid-2" }, endpoint.element, key.element),
    read() {
      const given = { endpoint: endpoint.control.value.trim(), api_key: key.control.value.trim() };
      if (given.endpoint === "" && given.api_key === "") return undefined;
      return {
        ...(given.endpoint ? { endpoint: given.endpoint } : {}),
        ...(given.api_key ? { api_key: given.api_key } : {}),
      };
    },
  };
}
