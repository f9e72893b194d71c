import { type ProviderKeyPreview, providers } from "../index.js";
import { apiKeyCredentials } from "./api-key-credentials.js";
import { azureCredentials } from "./azure-credentials.js";
import { bedrockCredentials } from "./bedrock-credentials.js";
import type { CredentialEditor, CredentialEditorContext } from "./credential-editor.js";
import { serviceAccountCredentials } from "./service-account-credentials.js";

/** One editor per kind of credential; the providers catalog says which kind a provider takes. */
const EDITORS: {
  readonly [K in ProviderKeyPreview["type"]]-?: (
    context: CredentialEditorContext,
  ) => CredentialEditor;
} = {
  api_key: apiKeyCredentials,
  aws_iam: bedrockCredentials,
  service_account: serviceAccountCredentials,
  azure: azureCredentials,
};

/**
 * The credential fields for `context.provider`.
 *
 * @example
 * form.append(credentialEditor({ provider: "bedrock", label: "AWS Bedrock", errors }).element);
 */
export function credentialEditor(context: CredentialEditorContext): CredentialEditor {
  return EDITORS[providers[context.provider].credentialKind](context);
}
