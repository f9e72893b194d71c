/** What a record shows of its secret afterwards; never enough to use it. */
export interface ApiKeyPreview {
  readonly type: "api_key";
  /** `<public prefix>...<last 4>`, see `maskSecret`. */
  readonly key: string;
}

export interface ServiceAccountPreview {
  readonly type: "service_account";
  readonly project_id: string;
  readonly client_email: string;
  /** The first 8 characters of the key id, enough to match it in Google's console. */
  readonly private_key_id: string;
}

export interface AwsIamRegionPreview {
  /** An AWS region code or `"global"`. */
  readonly region: string;
  /** `AKIA...WXYZ`; nothing of the secret access key is ever shown. */
  readonly access_key_id: string;
  /** Whether the region's credentials carry a session token. */
  readonly session_token: boolean;
}

export interface AwsIamPreview {
  readonly type: "aws_iam";
  readonly regions: readonly AwsIamRegionPreview[];
}

export interface AzurePreview {
  readonly type: "azure";
  readonly endpoint: string;
  /** `...WXYZ` */
  readonly key: string;
}

export type ProviderKeyPreview =
  | ApiKeyPreview
  | ServiceAccountPreview
  | AwsIamPreview
  | AzurePreview;
