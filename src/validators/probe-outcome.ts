import type {
  CredentialStatus,
  NetworkOptions,
  RegionTestResult,
  ValidatorContext,
} from "./types.js";

/** What a built-in probe concludes; `testCredentials()` adds `ok`, `latency_ms` and redaction. */
export interface ProbeOutcome {
  readonly status: CredentialStatus;
  readonly message: string;
  readonly http_status?: number;
  readonly retry_after_ms?: number;
  readonly regions?: readonly RegionTestResult[];
}

/** The context built-in probes run in: the validator context plus byokit's own options. */
export interface ProbeContext extends ValidatorContext {
  readonly timeoutMs: number;
  readonly bedrockGlobalRegion: string;
  readonly vertexLocation: string;
  readonly network: NetworkOptions;
}
