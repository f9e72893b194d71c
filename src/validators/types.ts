import type { AwsRegionCredentials, ProviderCredentials } from "../providers/credentials.js";
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
  /** The key of the credential map: a region code, or `global`. */
  readonly region: string;
  readonly ok: boolean;
  readonly status: CredentialStatus;
  readonly message: string;
  /** AWS's HTTP status, when it answered. */
  readonly http_status?: number;
}

/** What `testCredentials()` and `POST /provider-keys/test` answer. Never carries the secret. */
export interface TestResult {
  readonly ok: boolean;
  readonly status: CredentialStatus;
  /** Short, says what to do next, scrubbed of the credential. */
  readonly message: string;
  /** The provider's HTTP status, when it answered. */
  readonly http_status?: number;
  /** When the provider said how long to wait (`Retry-After`), in milliseconds. */
  readonly retry_after_ms?: number;
  readonly latency_ms: number;
  /** Bedrock: one entry per region; `ok` only when every region is valid. */
  readonly regions?: readonly RegionTestResult[];
}

export interface ValidatorContext {
  /** Every provider request goes through it. */
  readonly fetch: typeof globalThis.fetch;
  /**
   * Aborts on the caller's signal or the timeout. On a timeout its `reason` is a
   * `TimeoutError`; on the caller's abort, the caller's reason.
   */
  readonly signal: AbortSignal;
}

/**
 * A credential validator: replaces a built-in one, or adds one for a provider id byokit does
 * not know. Receives the parsed `provider_key` of a known provider, the raw one otherwise.
 */
export type Validator = (providerKey: unknown, context: ValidatorContext) => Promise<TestResult>;

export type Validators = Partial<Record<ProviderId | (string & {}), Validator>>;

/**
 * Where credential probes may go. By default they go only to each provider's own hosts (an
 * Azure `endpoint` must be an Azure OpenAI host, a Vertex `token_uri` Google's token
 * endpoint), never follow a redirect, and (in Node, with byokit's own `fetch`) never connect
 * to a private, loopback, link-local or metadata address.
 */
export interface NetworkOptions {
  /**
   * Allow an Azure `endpoint` or a Vertex `token_uri` on any https host (an APIM gateway, a
   * proxy, a test server). Default `false`.
   */
  readonly allowCustomHosts?: boolean;
  /**
   * Allow connections to private, loopback, link-local, unique-local, CGNAT and metadata
   * addresses (a provider behind a private endpoint, a test server). Default `false`. Only
   * enforced in Node when no `fetch` is injected: an injected `fetch` must do its own check.
   */
  readonly allowPrivateNetworks?: boolean;
}

export interface TestCredentialsOptions {
  /**
   * Every request goes through it. Default: the global `fetch`, which in Node refuses
   * private addresses (see `network`); an injected `fetch` must refuse them itself.
   */
  readonly fetch?: typeof globalThis.fetch;
  /** Default 10000. */
  readonly timeoutMs?: number;
  /** Aborting it rejects the call with the signal's reason; no result is returned. */
  readonly signal?: AbortSignal;
  readonly validators?: Validators;
  /** The region Bedrock's `global` credential set is probed in. Default `us-east-1`. */
  readonly bedrockGlobalRegion?: string;
  /** The Vertex AI location whose endpoints are listed. Default `us-central1`. */
  readonly vertexLocation?: string;
  /** Where probes may go; default: only providers' own hosts, on public addresses. */
  readonly network?: NetworkOptions;
}

/**
 * The credentials `authorizeRequest()` takes per provider: the parsed `provider_key`, except
 * for Bedrock, which takes one region's entry (what `local.resolve()` hands out).
 */
export type AuthorizeCredentials = {
  readonly [P in ProviderId]-?: P extends "bedrock" ? AwsRegionCredentials : ProviderCredentials[P];
};

export interface AuthorizeRequestOptions {
  /** Bedrock: the AWS region the request is signed for (required). */
  readonly region?: string;
  /** Google Vertex AI: the `fetch` the access-token request goes through. */
  readonly fetch?: typeof globalThis.fetch;
  /** Google Vertex AI: aborts the access-token request. */
  readonly signal?: AbortSignal;
  /** Google Vertex AI: where the access-token request may go (its `token_uri`), as for tests. */
  readonly network?: NetworkOptions;
}
