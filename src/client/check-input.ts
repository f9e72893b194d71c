/**
 * The client's checks of what a caller sends, backed by the zod schemas of the providers
 * catalog. Loaded with `import()` on the first write (create, update, test), so an app that
 * only reads — a dashboard — never downloads the schemas; see docs/client.md.
 */

import { ValidationError } from "../errors/validation-error.js";
import { stringValues } from "../internal/string-values.js";
import type { ProviderDefinition } from "../providers/definition.js";
import type { ProviderId } from "../providers/ids.js";
import { parseProviderKey } from "../providers/parse-provider-key.js";
import { providers } from "../providers/registry.js";
import { providerSchema } from "../schemas/fields.js";
import {
  type CreateProviderKeyInput,
  parseCreateInput,
  parseUpdateInput,
  type UpdateProviderKeyInput,
} from "../schemas/provider-key-input.js";

/** A checked body and the strings in it that must never come back in an error. */
export interface CheckedInput {
  readonly body: Record<string, unknown>;
  readonly secrets: string[];
}

export function checkCreate(input: CreateProviderKeyInput): CheckedInput {
  const parsed = parseCreateInput(input);
  return {
    body: {
      provider: parsed.provider,
      name: parsed.name,
      provider_key: toWire(parsed.provider_key),
      api_key_ids: parsed.api_key_ids,
    },
    secrets: secretsOf(parsed.provider, parsed.provider_key),
  };
}

export function checkUpdate(patch: UpdateProviderKeyInput): CheckedInput {
  const checked = parseUpdateInput(patch);
  const body: Record<string, unknown> = { ...checked };
  if (checked.provider_key !== undefined) body.provider_key = toWire(checked.provider_key);
  return { body, secrets: stringValues(checked.provider_key) };
}

export function checkTest(input: { provider?: unknown; provider_key?: unknown }): CheckedInput {
  if (typeof input !== "object" || input === null) {
    throw new ValidationError([
      { path: "", message: "must be an object { provider, provider_key }" },
    ]);
  }
  const provider = providerSchema.safeParse(input.provider);
  if (!provider.success) {
    throw new ValidationError([
      { path: "provider", message: provider.error.issues[0]?.message ?? "is invalid" },
    ]);
  }
  const credentials = parseProviderKey(provider.data, input.provider_key);
  return {
    body: { provider: provider.data, provider_key: toWire(credentials) },
    secrets: secretsOf(provider.data, credentials),
  };
}

/** Edgee expects `provider_key` as text: an API key as is, structured credentials as JSON. */
function toWire(providerKey: unknown): string {
  return typeof providerKey === "string" ? providerKey : JSON.stringify(providerKey);
}

function secretsOf(provider: ProviderId, credentials: unknown): string[] {
  const definition = providers[provider] as unknown as ProviderDefinition<ProviderId>;
  return definition.secretsOf(credentials as never);
}
