import type { ProviderId } from "../providers/ids.js";

/** The outcome of a credential test. */
export type CredentialStatus =
  | "valid"
  | "invalid_credentials"
  | "permission_denied"
  | "quota_exceeded"
  | "rate_limited"
  | "network_error"
  | "timeout"
  | "unexpected_response";

/** One Bedrock region's probe. */
export interface RegionTestResult {
  readonly region: string;
  readonly ok: boolean;
  readonly status: CredentialStatus;
  readonly message: string;
}

/** What `testCredentials()` and `POST /provider-keys/test` answer. Never carries the secret. */
export interface TestResult {
  readonly ok: boolean;
  readonly status: CredentialStatus;
  /** Short, says what to do next, scrubbed of the credential. */
  readonly message: string;
  /** The provider's HTTP status, when it answered. */
  readonly http_status?: number;
  readonly latency_ms: number;
  /** Bedrock: one entry per region; `ok` only when every region is valid. */
  readonly regions?: readonly RegionTestResult[];
}

export interface ValidatorContext {
  /** Every provider request goes through it. */
  readonly fetch: typeof globalThis.fetch;
  /** Aborts on the caller's signal or the timeout. */
  readonly signal: AbortSignal;
}

/**
 * A credential validator: replaces a built-in one, or adds one for a provider id byokit does
 * not know. Receives the parsed `provider_key` of a known provider, the raw one otherwise.
 */
export type Validator = (providerKey: unknown, context: ValidatorContext) => Promise<TestResult>;

export type Validators = Partial<Record<ProviderId | (string & {}), Validator>>;

export interface TestCredentialsOptions {
  readonly fetch?: typeof globalThis.fetch;
  /** Default 10000. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly validators?: Validators;
}
