import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { API_BASE_URL } from "../internal/routes.js";
import type { ClientOptions } from "./types.js";

/** The client's options once defaulted and checked: read everywhere, decided once. */
export interface ResolvedClientOptions {
  readonly organizationId: string;
  readonly token: string;
  /** Without a trailing slash. */
  readonly baseUrl: string;
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly maxRetries: number;
  readonly timeoutMs: number;
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
}

/** The longest delay `setTimeout` honours; ky refuses a larger `timeout`. */
export const MAX_TIMER_MS = 2_147_483_647;
/** More retries than this is a misconfiguration, not resilience. */
export const MAX_RETRIES = 10;

/**
 * Defaults and checks `createClient()`'s options, reading `EDGEE_CONSOLE_API_TOKEN` and
 * `EDGEE_ORGANIZATION_ID` when running in Node. Issues name the option, never its value.
 */
export function resolveClientOptions(options: ClientOptions = {}): ResolvedClientOptions {
  const env = processEnv();
  const token = options.token ?? env?.EDGEE_CONSOLE_API_TOKEN;
  const organizationId = options.organizationId ?? env?.EDGEE_ORGANIZATION_ID;
  const issues: ValidationIssue[] = [];

  // A token that cannot be a header value would make fetch throw a TypeError quoting it.
  if (typeof token !== "string" || token === "") {
    issues.push({ path: "token", message: "is required (or set EDGEE_CONSOLE_API_TOKEN)" });
  } else if (!/^[\x21-\x7e]+$/.test(token)) {
    issues.push({ path: "token", message: "must be printable ASCII with no spaces" });
  }
  if (typeof organizationId !== "string" || organizationId === "") {
    issues.push({ path: "organizationId", message: "is required (or set EDGEE_ORGANIZATION_ID)" });
  } else if (organizationId === "." || organizationId === "..") {
    issues.push({ path: "organizationId", message: "must be an organization id" });
  }
  const baseUrl = normalizeBaseUrl(options.baseUrl ?? API_BASE_URL, issues);
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    issues.push({ path: "fetch", message: "must be a fetch-compatible function" });
  }
  const maxRetries = integerIn("maxRetries", options.maxRetries, 2, 0, MAX_RETRIES, issues);
  const timeoutMs = integerIn("timeoutMs", options.timeoutMs, 30_000, 1, MAX_TIMER_MS, issues);
  const retryDelayMs = integerIn(
    "retryDelayMs",
    options.retryDelayMs,
    500,
    0,
    MAX_TIMER_MS,
    issues,
  );
  const maxRetryDelayMs = integerIn(
    "maxRetryDelayMs",
    options.maxRetryDelayMs,
    60_000,
    0,
    MAX_TIMER_MS,
    issues,
  );

  if (issues.length > 0) throw new ValidationError(issues);
  return Object.freeze({
    organizationId: organizationId as string,
    token: token as string,
    baseUrl,
    fetch: options.fetch,
    maxRetries,
    timeoutMs,
    retryDelayMs,
    maxRetryDelayMs,
  });
}

/**
 * Checks an optional whole number against its range, pushing an issue when it is out of it.
 * Shared with per-call options so a call's `timeoutMs` obeys the client's rules.
 */
export function integerIn(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
  issues: ValidationIssue[],
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    issues.push({ path: name, message: `must be a whole number from ${min} to ${max}` });
    return fallback;
  }
  return value;
}

function normalizeBaseUrl(value: unknown, issues: ValidationIssue[]): string {
  if (typeof value === "string") {
    try {
      const url = new URL(value);
      if ((url.protocol === "https:" || url.protocol === "http:") && !url.search && !url.hash) {
        if (url.username || url.password) {
          issues.push({ path: "baseUrl", message: "must not carry credentials" });
        }
        return url.href.replace(/\/+$/, "");
      }
    } catch {
      // falls through to the issue below
    }
  }
  issues.push({ path: "baseUrl", message: "must be an http(s) URL without query or fragment" });
  return API_BASE_URL;
}

/** `process.env` in Node; `undefined` in browsers, where nothing is read from the environment. */
function processEnv(): Record<string, string | undefined> | undefined {
  const host = globalThis as { process?: { env?: Record<string, string | undefined> } };
  return host.process?.env;
}
