/** The secret of each provider, once parsed. These are what `local.resolve()` hands out. */

/** One region's IAM credentials for Bedrock. */
export interface AwsRegionCredentials {
  readonly access_key_id: string;
  readonly secret_access_key: string;
  readonly session_token?: string;
}

/** Bedrock credentials keyed by AWS region code, or `global` for the single fallback set. */
export type BedrockCredentials = Readonly<Record<string, AwsRegionCredentials>>;

/** A Google Cloud service-account JSON key file. Extra fields of the file are kept. */
export interface ServiceAccountKey {
  readonly type: "service_account";
  readonly project_id: string;
  readonly private_key_id: string;
  /** PEM, `-----BEGIN PRIVATE KEY-----…` */
  readonly private_key: string;
  readonly client_email: string;
  readonly token_uri: string;
  readonly [field: string]: unknown;
}

export interface AzureCredentials {
  /** `https://<resource>.openai.azure.com` */
  readonly endpoint: string;
  readonly api_key: string;
}

/** The parsed `provider_key` of each provider. */
export interface ProviderCredentials {
  anthropic: string;
  openai: string;
  google_vertex_ai: ServiceAccountKey;
  mistral: string;
  deepseek: string;
  xai: string;
  zai: string;
  bedrock: BedrockCredentials;
  azure: AzureCredentials;
}

/**
 * What a caller may send as `provider_key`: the typed value, or (for the structured ones) its
 * JSON text, which is what Edgee's API expects on the wire.
 */
export type ProviderKeyInput<P extends keyof ProviderCredentials = keyof ProviderCredentials> =
  ProviderCredentials[P] extends string ? string : ProviderCredentials[P] | string;
