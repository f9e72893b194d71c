import { ValidationError } from "../errors/validation-error.js";
import { findForbiddenKey, forbiddenKeyIssue } from "../internal/forbidden-keys.js";
import { toValidationIssues } from "../internal/to-validation-issues.js";
import type { ProviderCredentials } from "./credentials.js";
import { isProviderId, PROVIDER_IDS, type ProviderId } from "./ids.js";
import { providers } from "./registry.js";

/** Largest `provider_key` accepted, as JSON text; a service-account file is about 2.4 KB. */
const MAX_JSON_TEXT = 32_768;

export interface ParseProviderKeyOptions {
  /** `"update"` accepts a Bedrock region without `secret_access_key` (keep the stored one). */
  readonly mode?: "create" | "update";
  /** Where the issues say the value was: `"provider_key"` by default. */
  readonly path?: string;
}

/**
 * Validates a `provider_key` for `provider`: the typed value or, for the structured
 * credentials, its JSON text. Throws a {@link ValidationError} naming each bad field, and
 * never the value it rejected.
 *
 * @example
 * parseProviderKey("bedrock", '{"global":{"access_key_id":"AKIA…","secret_access_key":"…"}}');
 */
export function parseProviderKey<P extends ProviderId>(
  provider: P,
  input: unknown,
  options?: ParseProviderKeyOptions & { readonly mode?: "create" },
): ProviderCredentials[P];
export function parseProviderKey(
  provider: ProviderId,
  input: unknown,
  options?: ParseProviderKeyOptions,
): unknown;
export function parseProviderKey(
  provider: ProviderId,
  input: unknown,
  options: ParseProviderKeyOptions = {},
): unknown {
  const at = options.path ?? "provider_key";
  if (!isProviderId(provider)) {
    throw new ValidationError([
      { path: "provider", message: `must be one of ${PROVIDER_IDS.join(", ")}` },
    ]);
  }
  const definition = providers[provider];
  const structured = definition.credentialKind !== "api_key";
  const fromText = structured && typeof input === "string";
  const value = fromText ? decodeJsonText(input, at) : input;
  const forbidden = findForbiddenKey(value);
  if (forbidden) throw new ValidationError([forbiddenKeyIssue(forbidden, [at])]);
  const schema = options.mode === "update" ? definition.updateSchema : definition.schema;
  const result = schema.safeParse(value);
  if (!result.success)
    throw new ValidationError(toValidationIssues(result.error.issues, [at], value));
  // After the schema, so a too-long field is named; this catches what it lets through.
  if (structured && !fromText) checkJsonForm(result.data, at);
  return result.data;
}

/**
 * A typed credential gets the bound its JSON text gets (a service account keeps unknown
 * fields, so its schema alone does not bound it) and must have a JSON form to be sent.
 */
function checkJsonForm(value: unknown, at: string): void {
  if (typeof value !== "object" || value === null) return;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    throw new ValidationError([
      { path: at, message: "must hold only JSON values (no bigint, no cycles)" },
    ]);
  }
  if (text.length > MAX_JSON_TEXT) {
    throw new ValidationError([
      { path: at, message: `must be at most ${MAX_JSON_TEXT} characters of JSON` },
    ]);
  }
}

function decodeJsonText(text: string, at: string): unknown {
  if (text.length > MAX_JSON_TEXT) {
    throw new ValidationError([
      { path: at, message: `must be at most ${MAX_JSON_TEXT} characters of JSON` },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([
      { path: at, message: "must be a JSON object or its JSON text; the text is not valid JSON" },
    ]);
  }
}
