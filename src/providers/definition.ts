import type * as z from "zod/mini";
import type { ProviderCredentials } from "./credentials.js";
import type { ProviderId } from "./ids.js";
import type { ProviderKeyPreview } from "./preview.js";

/**
 * Everything byokit knows about one provider, in that provider's own module. The registry is
 * typed `{ [P in ProviderId]-?: ProviderDefinition<P> }`, so a provider added without one of
 * these parts does not compile.
 */
export interface ProviderDefinition<P extends ProviderId = ProviderId> {
  readonly id: P;
  /** Human label: `"Google Vertex AI"`. */
  readonly label: string;
  /** The `preview.type` its records carry. */
  readonly credentialKind: ProviderKeyPreview["type"];
  /** Validates a `provider_key` given on create (already JSON-decoded). */
  readonly schema: z.ZodMiniType<ProviderCredentials[P]>;
  /**
   * Validates a `provider_key` given on update. Only Bedrock differs: a region may omit its
   * `secret_access_key` to keep the stored one.
   */
  readonly updateSchema: z.ZodMiniType<unknown>;
  /** What records show instead of the secret. */
  preview(credentials: ProviderCredentials[P]): ProviderKeyPreview;
  /** Every string of the credential that must never appear in output, for `redactSecrets`. */
  secretsOf(credentials: ProviderCredentials[P]): string[];
}
