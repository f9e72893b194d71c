import * as z from "zod/mini";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { findForbiddenKey, forbiddenKeyIssue } from "../internal/forbidden-keys.js";
import { toValidationIssues } from "../internal/to-validation-issues.js";
import type { ProviderKeyInput } from "../providers/credentials.js";
import type { ProviderId } from "../providers/ids.js";
import { objectError } from "../providers/object-error.js";
import { parseProviderKey } from "../providers/parse-provider-key.js";
import { apiKeyIdsSchema, nameSchema, providerSchema } from "./fields.js";

/** The body of `POST /provider-keys`. */
export interface CreateProviderKeyInput<P extends ProviderId = ProviderId> {
  readonly provider: P;
  readonly name: string;
  /** The secret: a string, or the typed object (sent as its JSON text). Write-only. */
  readonly provider_key: ProviderKeyInput<P>;
  /** Omitted or empty: the whole organization. */
  readonly api_key_ids?: readonly string[];
}

/** The body of `PATCH /provider-keys/{id}`; an omitted field keeps its stored value. */
export interface UpdateProviderKeyInput {
  readonly name?: string;
  readonly api_key_ids?: readonly string[];
  readonly active?: boolean;
  /** Omitted: keep the stored secret. Bedrock: a region without its secret keeps it. */
  readonly provider_key?: unknown;
}

const createShape = z.strictObject(
  {
    provider: providerSchema,
    name: nameSchema,
    // Required, but checked by parseCreateInput itself ("is required"): as a plain
    // z.unknown() zod would add its own "nonoptional" issue for the same field.
    provider_key: z.optional(z.unknown()),
    api_key_ids: z.optional(apiKeyIdsSchema),
  },
  objectError("must be an object { provider, name, provider_key, api_key_ids? }"),
);

const updateShape = z.strictObject(
  {
    name: z.optional(nameSchema),
    api_key_ids: z.optional(apiKeyIdsSchema),
    active: z.optional(z.boolean({ error: "must be true or false" })),
    provider_key: z.optional(z.unknown()),
  },
  objectError("must be an object { name?, api_key_ids?, active?, provider_key? }"),
);

/**
 * Validates a create body and its `provider_key`, collecting every issue at once.
 * Returns the input with `provider_key` parsed to its typed form.
 */
export function parseCreateInput(input: unknown): {
  provider: ProviderId;
  name: string;
  provider_key: unknown;
  api_key_ids: string[];
} {
  rejectForbiddenKeys(input);
  const base = createShape.safeParse(input);
  const issues: ValidationIssue[] = base.success
    ? []
    : toValidationIssues(base.error.issues, [], providerKeyOf(input));
  const raw = input as { provider?: unknown; provider_key?: unknown } | null;
  const provider = providerSchema.safeParse(raw?.provider);
  if (raw && typeof raw === "object" && !("provider_key" in raw)) {
    issues.push({ path: "provider_key", message: "is required" });
  } else if (provider.success && raw) {
    issues.push(...issuesOf(() => parseProviderKey(provider.data, raw.provider_key)));
  }
  if (issues.length > 0 || !base.success) throw new ValidationError(issues);
  return {
    provider: base.data.provider,
    name: base.data.name,
    provider_key: parseProviderKey(base.data.provider, base.data.provider_key),
    api_key_ids: [...(base.data.api_key_ids ?? [])],
  };
}

/**
 * Validates an update body. `provider` is the stored key's provider when known (the server
 * knows it; a client does not, and leaves the `provider_key` check to the server).
 */
export function parseUpdateInput(input: unknown, provider?: ProviderId): UpdateProviderKeyInput {
  rejectForbiddenKeys(input);
  const base = updateShape.safeParse(input);
  const issues: ValidationIssue[] = base.success
    ? []
    : toValidationIssues(base.error.issues, [], providerKeyOf(input));
  const raw = input as { provider_key?: unknown } | null;
  if (provider && raw && typeof raw === "object" && raw.provider_key !== undefined) {
    issues.push(
      ...issuesOf(() => parseProviderKey(provider, raw.provider_key, { mode: "update" })),
    );
  }
  if (issues.length > 0 || !base.success) throw new ValidationError(issues);
  const out: { -readonly [K in keyof UpdateProviderKeyInput]: UpdateProviderKeyInput[K] } = {};
  if (base.data.name !== undefined) out.name = base.data.name;
  if (base.data.api_key_ids !== undefined) out.api_key_ids = base.data.api_key_ids;
  if (base.data.active !== undefined) out.active = base.data.active;
  if (base.data.provider_key !== undefined) {
    out.provider_key = provider
      ? parseProviderKey(provider, base.data.provider_key, { mode: "update" })
      : base.data.provider_key;
  }
  return out;
}

function issuesOf(parse: () => unknown): readonly ValidationIssue[] {
  try {
    parse();
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
}

function rejectForbiddenKeys(input: unknown): void {
  const forbidden = findForbiddenKey(input);
  if (forbidden) throw new ValidationError([forbiddenKeyIssue(forbidden)]);
}

/** The `provider_key` of a body, if it has one: the part whose secrets issues must not repeat. */
function providerKeyOf(input: unknown): unknown {
  return typeof input === "object" && input !== null
    ? (input as { provider_key?: unknown }).provider_key
    : undefined;
}
