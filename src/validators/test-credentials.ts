import { TimeoutError } from "../errors/timeout-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { redactSecrets } from "../masking/redact.js";
import { awsPartitionOf } from "../providers/aws-regions.js";
import { isProviderId, PROVIDER_IDS, type ProviderId } from "../providers/ids.js";
import { parseProviderKey } from "../providers/parse-provider-key.js";
import { providers } from "../providers/registry.js";
import { abortableFetch, raceAbort } from "./abortable.js";
import { assertVertexLocation, DEFAULT_VERTEX_LOCATION } from "./google-vertex-ai.js";
import { normalizeNetwork } from "./network-options.js";
import { probeFetch } from "./probe-fetch.js";
import type { ProbeContext, ProbeOutcome } from "./probe-outcome.js";
import type { ProviderValidator } from "./provider-validator.js";
import { builtInValidators } from "./registry.js";
import type {
  CredentialStatus,
  NetworkOptions,
  RegionTestResult,
  TestCredentialsOptions,
  TestResult,
  Validator,
} from "./types.js";

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_BEDROCK_GLOBAL_REGION = "us-east-1";

/**
 * Tests a credential against its provider with the cheapest request that proves it works,
 * and says what to do next. The input is validated first (`ValidationError`, nothing sent);
 * every request goes through `options.fetch`. The result never holds any part (6+ characters)
 * of the secret, even when a provider echoes it. A timeout answers `status: "timeout"`; the
 * caller's `signal` aborting rejects with the signal's reason.
 *
 * @example
 * const result = await testCredentials("openai", "sk-proj-…", { timeoutMs: 5000 });
 * if (!result.ok) console.warn(result.status, result.message); // "invalid_credentials", "OpenAI rejected the key (401): …"
 */
export async function testCredentials(
  provider: ProviderId | (string & {}),
  providerKey: unknown,
  options: TestCredentialsOptions = {},
): Promise<TestResult> {
  const settings = normalizeOptions(options);
  const run = prepare(provider, providerKey, options.validators?.[provider]);
  if (options.signal?.aborted) throw options.signal.reason;

  const timeout = new TimeoutError(`No answer within ${settings.timeoutMs} ms.`);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(timeout), settings.timeoutMs);
  const onCallerAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onCallerAbort, { once: true });
  const context: ProbeContext = {
    fetch: abortableFetch(probeFetch(options.fetch, settings.network), controller.signal),
    signal: controller.signal,
    timeoutMs: settings.timeoutMs,
    bedrockGlobalRegion: settings.bedrockGlobalRegion,
    vertexLocation: settings.vertexLocation,
    network: settings.network,
  };
  const started = performance.now();
  let outcome: ProbeOutcome;
  try {
    outcome = await run.probe(context);
  } catch (error) {
    if (controller.signal.aborted && controller.signal.reason !== timeout) {
      throw controller.signal.reason;
    }
    outcome = controller.signal.aborted
      ? {
          status: "timeout",
          message: `${run.label} did not answer within ${settings.timeoutMs} ms; test again, or raise timeoutMs.`,
        }
      : {
          // A result, not a raw error: its words are scrubbed like any provider's.
          status: "unexpected_response",
          message: `The ${run.label} test could not run (${error instanceof Error ? error.message : "unknown error"}).`,
        };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onCallerAbort);
  }
  return finalize(outcome, Math.round(performance.now() - started), run.secrets);
}

interface NormalizedOptions {
  readonly timeoutMs: number;
  readonly bedrockGlobalRegion: string;
  readonly vertexLocation: string;
  readonly network: NetworkOptions;
}

function normalizeOptions(options: TestCredentialsOptions): NormalizedOptions {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ValidationError([
      { path: "options.timeoutMs", message: "must be a positive number of milliseconds" },
    ]);
  }
  const bedrockGlobalRegion = options.bedrockGlobalRegion ?? DEFAULT_BEDROCK_GLOBAL_REGION;
  if (awsPartitionOf(bedrockGlobalRegion) === undefined) {
    throw new ValidationError([
      {
        path: "options.bedrockGlobalRegion",
        message: "must be an AWS region code such as us-east-1",
      },
    ]);
  }
  const vertexLocation = options.vertexLocation ?? DEFAULT_VERTEX_LOCATION;
  assertVertexLocation(vertexLocation);
  return {
    timeoutMs,
    bedrockGlobalRegion,
    vertexLocation,
    network: normalizeNetwork(options.network),
  };
}

interface PreparedTest {
  readonly label: string;
  readonly secrets: readonly string[];
  probe(context: ProbeContext): Promise<ProbeOutcome>;
}

/** Validates the input and picks the validator; nothing is sent yet. */
function prepare(
  provider: string,
  providerKey: unknown,
  custom: Validator | undefined,
): PreparedTest {
  if (isProviderId(provider)) {
    const definition = providers[provider] as (typeof providers)[ProviderId];
    const credentials = parseProviderKey(provider, providerKey);
    const secrets = definition.secretsOf(credentials as never);
    const builtIn = builtInValidators[provider] as unknown as ProviderValidator<ProviderId>;
    return {
      label: definition.label,
      secrets,
      probe: custom
        ? runCustom(custom, credentials, definition.label)
        : (context) => builtIn.probe(credentials as never, context),
    };
  }
  if (!custom) {
    throw new ValidationError([
      {
        path: "provider",
        message: `must be one of ${PROVIDER_IDS.join(", ")}, or have a validator in options.validators`,
      },
    ]);
  }
  return {
    label: provider,
    secrets: stringsOf(providerKey),
    probe: runCustom(custom, providerKey, provider),
  };
}

/**
 * Runs a user's validator. What it throws (other than an abort) becomes an
 * `unexpected_response`, so its words go through the same scrubbing as any result.
 */
function runCustom(
  validator: Validator,
  providerKey: unknown,
  label: string,
): (context: ProbeContext) => Promise<ProbeOutcome> {
  return async (context) => {
    try {
      // A user's validator may ignore the signal; the timeout still holds.
      const result: unknown = await raceAbort(
        Promise.resolve(validator(providerKey, { fetch: context.fetch, signal: context.signal })),
        context.signal,
      );
      if (isResultShaped(result)) return result as ProbeOutcome;
      return {
        status: "unexpected_response",
        message: `The validator for ${label} returned no result (it must resolve to { status, message, … }); fix it, then test again.`,
      };
    } catch (error) {
      if (context.signal.aborted) throw error;
      const reason = error instanceof Error ? error.message : "it threw a non-error value";
      return {
        status: "unexpected_response",
        message: `The validator for ${label} failed (${reason}); fix it, then test again.`,
      };
    }
  };
}

/** An object whose `regions`, if any, is a list of objects: what `finalize` can read. */
function isResultShaped(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const { regions } = value;
  return regions === undefined || (Array.isArray(regions) && regions.every(isRecord));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The result as it leaves byokit: only the documented fields, `ok` derived from `status`,
 * and every message scrubbed of the secret (a custom validator's too).
 */
function finalize(
  outcome: ProbeOutcome,
  latencyMs: number,
  secrets: readonly string[],
): TestResult {
  const scrub = (text: unknown) => redactSecrets(typeof text === "string" ? text : "", secrets);
  const regions = outcome.regions?.map(
    (region): RegionTestResult => ({
      region: scrub(region.region),
      ok: knownStatus(region.status) === "valid",
      status: knownStatus(region.status),
      message: scrub(region.message),
      ...(isHttpStatus(region.http_status) ? { http_status: region.http_status } : {}),
    }),
  );
  const status = knownStatus(outcome.status);
  return {
    ok: status === "valid",
    status,
    message: scrub(outcome.message),
    ...(isHttpStatus(outcome.http_status) ? { http_status: outcome.http_status } : {}),
    ...(isDuration(outcome.retry_after_ms) ? { retry_after_ms: outcome.retry_after_ms } : {}),
    latency_ms: latencyMs,
    ...(regions === undefined ? {} : { regions }),
  };
}

const STATUSES: ReadonlySet<string> = new Set<CredentialStatus>([
  "valid",
  "invalid_credentials",
  "permission_denied",
  "quota_exceeded",
  "rate_limited",
  "network_error",
  "timeout",
  "unexpected_response",
]);

/** A custom validator could answer anything; an unknown status is not `valid`. */
function knownStatus(status: unknown): CredentialStatus {
  return typeof status === "string" && STATUSES.has(status)
    ? (status as CredentialStatus)
    : "unexpected_response";
}

function isHttpStatus(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 100 && (value as number) <= 599;
}

function isDuration(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

/** Every string inside an unknown provider's raw key: what its results are scrubbed of. */
function stringsOf(value: unknown, depth = 0): string[] {
  if (typeof value === "string") return [value];
  if (depth > 8 || typeof value !== "object" || value === null) return [];
  return Object.values(value).flatMap((inner) => stringsOf(inner, depth + 1));
}
