import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";

/**
 * The inputs of the gateway API key endpoints, checked without a dependency: the client checks
 * them before sending anything, and the local backend answers the same issues with a 400.
 */

/** `POST /api_keys` (documented by Edgee; `byok_only` is a byokit extension). */
export interface CreateApiKeyInput {
  /** 1–100 characters. */
  readonly name: string;
  /** Default `api`. */
  readonly type?: "api" | "coding_agent" | undefined;
  /** Required when `type` is `coding_agent`: `claude_code`, `opencode`, `codex`, … */
  readonly coding_assistant?: string | undefined;
  /** Models this key may call; empty or absent: no restriction. */
  readonly models?: readonly string[] | undefined;
  /** Monthly usage limit in USD, a whole number. */
  readonly max_usage?: number | undefined;
  /** Days until the key expires; absent: never. */
  readonly expires_in_days?: number | undefined;
  readonly email?: string | undefined;
  /** byokit extension: this key is BYOK-only (the organization's setting may impose it anyway). */
  readonly byok_only?: boolean | undefined;
}

/**
 * `POST /api_keys/{id}`: Edgee documents the method, not the fields; these are the documented
 * record fields a console edits. An omitted field keeps its value; `max_usage: null` removes
 * the limit.
 */
export interface UpdateApiKeyInput {
  readonly name?: string | undefined;
  readonly models?: readonly string[] | undefined;
  readonly max_usage?: number | null | undefined;
  readonly active?: boolean | undefined;
  readonly debug_mode?: boolean | undefined;
  /** byokit extension. */
  readonly byok_only?: boolean | undefined;
}

/** `POST /api_keys/get-or-create` (observed in Edgee's own client). */
export interface GetOrCreateApiKeyInput {
  readonly coding_assistant: string;
}

const CREATE_FIELDS = new Set([
  "name",
  "type",
  "coding_assistant",
  "models",
  "max_usage",
  "expires_in_days",
  "email",
  "byok_only",
]);
const UPDATE_FIELDS = new Set(["name", "models", "max_usage", "active", "debug_mode", "byok_only"]);
const ASSISTANT = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const MAX_MODELS = 100;
/** A century: longer is a typo, not a policy. */
const MAX_EXPIRY_DAYS = 36_500;

type Body = Record<string, unknown>;

/** Checks a create input; returns the body to send, or throws a `ValidationError` naming every issue. */
export function checkCreateApiKey(input: unknown): Body {
  const raw = objectOf(
    input,
    "{ name, type?, coding_assistant?, models?, max_usage?, expires_in_days?, email? }",
  );
  const issues = unknownFields(raw, CREATE_FIELDS);
  const body: Body = {};
  checkName(raw.name, issues, body, true);
  if (raw.type !== undefined) {
    if (raw.type === "api" || raw.type === "coding_agent") body.type = raw.type;
    else issues.push({ path: "type", message: 'must be "api" or "coding_agent"' });
  }
  if (raw.coding_assistant !== undefined) {
    if (typeof raw.coding_assistant === "string" && ASSISTANT.test(raw.coding_assistant)) {
      body.coding_assistant = raw.coding_assistant;
    } else {
      issues.push({
        path: "coding_assistant",
        message: "must be a coding assistant such as claude_code, opencode or codex",
      });
    }
  }
  if (raw.type === "coding_agent" && raw.coding_assistant === undefined) {
    issues.push({ path: "coding_assistant", message: 'is required when type is "coding_agent"' });
  }
  if (raw.type !== "coding_agent" && raw.coding_assistant !== undefined) {
    issues.push({ path: "coding_assistant", message: 'is only for type "coding_agent"' });
  }
  checkModels(raw.models, issues, body);
  if (raw.max_usage !== undefined) checkMaxUsage(raw.max_usage, issues, body);
  if (raw.expires_in_days !== undefined) {
    const days = raw.expires_in_days;
    if (
      typeof days === "number" &&
      Number.isInteger(days) &&
      days >= 1 &&
      days <= MAX_EXPIRY_DAYS
    ) {
      body.expires_in_days = days;
    } else {
      issues.push({
        path: "expires_in_days",
        message: `must be a whole number of days from 1 to ${MAX_EXPIRY_DAYS}`,
      });
    }
  }
  if (raw.email !== undefined) {
    if (
      typeof raw.email === "string" &&
      raw.email.length <= 254 &&
      /^[^\s@]+@[^\s@]+$/.test(raw.email)
    ) {
      body.email = raw.email;
    } else {
      issues.push({ path: "email", message: "must be an email address" });
    }
  }
  checkBoolean(raw, "byok_only", issues, body);
  if (issues.length > 0) throw new ValidationError(issues);
  return body;
}

/** Checks an update; at least one field is required. */
export function checkUpdateApiKey(input: unknown): Body {
  const raw = objectOf(input, "{ name?, models?, max_usage?, active?, debug_mode?, byok_only? }");
  const issues = unknownFields(raw, UPDATE_FIELDS);
  const body: Body = {};
  checkName(raw.name, issues, body, false);
  checkModels(raw.models, issues, body);
  if (raw.max_usage === null) body.max_usage = null;
  else if (raw.max_usage !== undefined) checkMaxUsage(raw.max_usage, issues, body);
  for (const field of ["active", "debug_mode", "byok_only"]) checkBoolean(raw, field, issues, body);
  if (issues.length === 0 && Object.keys(body).length === 0) {
    issues.push({
      path: "",
      message:
        "names nothing to change: give name, models, max_usage, active, debug_mode or byok_only",
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return body;
}

/** Checks a get-or-create input. */
export function checkGetOrCreateApiKey(input: unknown): { coding_assistant: string } {
  const raw = objectOf(input, "{ coding_assistant }");
  const issues = unknownFields(raw, new Set(["coding_assistant"]));
  if (typeof raw.coding_assistant !== "string" || !ASSISTANT.test(raw.coding_assistant)) {
    issues.push({
      path: "coding_assistant",
      message: "must be a coding assistant such as claude_code, opencode or codex",
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { coding_assistant: raw.coding_assistant as string };
}

function objectOf(input: unknown, shape: string): Body {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new ValidationError([{ path: "", message: `must be an object ${shape}` }]);
  }
  return input as Body;
}

/** A misspelt field is refused rather than silently dropped; its value is never echoed. */
function unknownFields(raw: Body, known: ReadonlySet<string>): ValidationIssue[] {
  return Object.keys(raw)
    .filter((field) => !known.has(field) && raw[field] !== undefined)
    .map((field) => ({
      path: /^[A-Za-z0-9_]{1,40}$/.test(field) ? field : "",
      message: "is not a field of this request",
    }));
}

function checkName(name: unknown, issues: ValidationIssue[], body: Body, required: boolean) {
  if (name === undefined) {
    if (required) issues.push({ path: "name", message: "is required" });
    return;
  }
  if (typeof name !== "string" || name.trim() === "" || name.length > 100) {
    issues.push({ path: "name", message: "must be 1 to 100 characters, not only spaces" });
  } else body.name = name;
}

function checkModels(models: unknown, issues: ValidationIssue[], body: Body) {
  if (models === undefined) return;
  if (
    !Array.isArray(models) ||
    models.length > MAX_MODELS ||
    !models.every((m) => typeof m === "string" && m.trim() !== "" && m.length <= 200)
  ) {
    issues.push({ path: "models", message: `must be a list of at most ${MAX_MODELS} model names` });
  } else body.models = [...models];
}

function checkMaxUsage(value: unknown, issues: ValidationIssue[], body: Body) {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 1e9) {
    body.max_usage = value;
  } else {
    issues.push({ path: "max_usage", message: "must be a whole number of USD, 0 or more" });
  }
}

function checkBoolean(raw: Body, field: string, issues: ValidationIssue[], body: Body) {
  if (raw[field] === undefined) return;
  if (typeof raw[field] === "boolean") body[field] = raw[field];
  else issues.push({ path: field, message: "must be true or false" });
}
