/**
 * `byokit`: Bring-Your-Own-Keys for an LLM gateway. Node and browsers; no Node built-in and
 * no Google auth library on this path.
 */

export { apiKeyExpiresAt, NEVER_EXPIRES } from "./client/api-key-expiry.js";
export type { ApiKeys } from "./client/api-keys.js";
export { type ConsoleClient, createClient } from "./client/create-client.js";
export type { Organizations } from "./client/organizations.js";
export type { PagePromise } from "./client/page.js";
export type { ProviderKeys } from "./client/provider-keys.js";
export type {
  ClientOptions,
  CreateRequestOptions,
  DeleteRequestOptions,
  ListQuery,
  ProviderKeyListQuery,
  RequestOptions,
  TestProviderKeyInput,
  UpdateRequestOptions,
} from "./client/types.js";
export * from "./errors/index.js";
export { maskSecret } from "./masking/mask-secret.js";
export { REDACTED, redactKnownSecrets, redactSecrets } from "./masking/redact.js";
export {
  AWS_PARTITIONS,
  type AwsPartition,
  awsPartitionOf,
  GLOBAL_REGION,
  isAwsRegion,
} from "./providers/aws-regions.js";
export type {
  AwsRegionCredentials,
  AzureCredentials,
  BedrockCredentials,
  ProviderCredentials,
  ProviderKeyInput,
  ServiceAccountKey,
} from "./providers/credentials.js";
export type { ProviderDefinition } from "./providers/definition.js";
export { isProviderId, PROVIDER_IDS, type ProviderId } from "./providers/ids.js";
export { type ParseProviderKeyOptions, parseProviderKey } from "./providers/parse-provider-key.js";
export type {
  ApiKeyPreview,
  AwsIamPreview,
  AwsIamRegionPreview,
  AzurePreview,
  ProviderKeyPreview,
  ServiceAccountPreview,
} from "./providers/preview.js";
export type {
  ApiKey,
  ListPage,
  Organization,
  ProviderKey,
  RevealedApiKey,
} from "./providers/record.js";
export { providers } from "./providers/registry.js";
export { createResolver } from "./resolver/create-resolver.js";
export type * from "./resolver/types.js";
export type {
  CreateApiKeyInput,
  GetOrCreateApiKeyInput,
  UpdateApiKeyInput,
} from "./schemas/api-key-input.js";
export {
  errorEnvelopeSchema,
  listPageSchema,
  providerKeyPreviewSchema,
  providerKeySchema,
} from "./schemas/api-objects.js";
export { apiKeyIdSchema, apiKeyIdsSchema, nameSchema, providerSchema } from "./schemas/fields.js";
export {
  type CreateProviderKeyInput,
  parseCreateInput,
  parseUpdateInput,
  type UpdateProviderKeyInput,
} from "./schemas/provider-key-input.js";
export { AccessTokenError } from "./validators/access-token-error.js";
export {
  type AuthorizationHeadersOptions,
  authorizationHeaders,
  type RequestToSign,
} from "./validators/authorization-headers.js";
export { authorizeRequest } from "./validators/authorize-request.js";
export { testCredentials } from "./validators/test-credentials.js";
export type {
  AuthorizeCredentials,
  AuthorizeRequestOptions,
  CredentialStatus,
  NetworkOptions,
  RegionTestResult,
  TestCredentialsOptions,
  TestResult,
  Validator,
  ValidatorContext,
  Validators,
} from "./validators/types.js";
