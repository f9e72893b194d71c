import type { ProviderId, ProviderKeyPreview } from "../index.js";
import type { FormErrors } from "./form-errors.js";

/** The credential part of the key form; its fields change with the provider. */
export interface CredentialEditor {
  readonly element: HTMLElement;
  /**
   * The `provider_key` to send, or `undefined` when nothing was entered (on edit: keep the
   * stored one). Throws a `ValidationError` for what it can tell before any request.
   */
  read(): unknown;
}

export interface CredentialEditorContext {
  readonly provider: ProviderId;
  /** The provider's label, for field labels ("OpenAI API key"). */
  readonly label: string;
  /** Where its fields register for error messages, under `provider_key`. */
  readonly errors: FormErrors;
  /** Editing: what the stored credential shows. Absent when creating. */
  readonly stored?: ProviderKeyPreview | undefined;
}

/** Said on every credential field when editing. */
export const KEEP_HINT = "Leave credentials empty to keep the stored ones.";
