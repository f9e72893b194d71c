import * as z from "zod/mini";
import { ByokError } from "../../errors/byok-error.js";
import { ValidationError } from "../../errors/validation-error.js";
import { toValidationIssues } from "../../internal/to-validation-issues.js";
import { isBedrockRegionKey } from "../../providers/aws-regions.js";
import { PROVIDER_IDS, type ProviderId } from "../../providers/ids.js";
import { objectError } from "../../providers/object-error.js";
import type { ProviderKey } from "../../providers/record.js";
import type { Resolution, ResolveQuery } from "../../resolver/types.js";
import { isApiKeyId } from "../../schemas/api-key-id.js";
import { apiKeyIdSchema, providerSchema } from "../../schemas/fields.js";
import type { BackendCore } from "../backend-core.js";
import { readJsonBody } from "../http/read-body.js";
import { jsonResponse } from "../http/responses.js";
import type { OrganizationKeys } from "../organization-keys.js";
import type { HandlerContext } from "./context.js";
import { parsed, requiredBody } from "./provider-keys.js";

const queryShape = z.strictObject(
  {
    provider: providerSchema,
    api_key_id: z.optional(apiKeyIdSchema),
    region: z.optional(
      z
        .string({ error: 'must be an AWS region code or "global"' })
        .check(z.maxLength(32, "must be at most 32 characters")),
    ),
    byok_only: z.optional(z.boolean({ error: "must be true or false" })),
  },
  objectError("must be an object { provider, api_key_id?, region?, byok_only? }"),
);

/** Checks a resolve query (the HTTP body, or `local.resolve()`'s argument). */
export function parseResolveQuery(input: unknown): ResolveQuery {
  const result = queryShape.safeParse(input);
  if (!result.success) throw new ValidationError(toValidationIssues(result.error.issues));
  const { provider, api_key_id, region, byok_only } = result.data;
  // Checked even when no Bedrock key exists yet, so a gateway's bug shows up on day one.
  if (provider === "bedrock" && region !== undefined && !isBedrockRegionKey(region)) {
    throw new ValidationError([
      { path: "region", message: 'must be an AWS region code such as eu-west-3, or "global"' },
    ]);
  }
  return {
    provider,
    ...(api_key_id === undefined ? {} : { api_key_id }),
    ...(region === undefined ? {} : { region }),
    ...(byok_only === undefined ? {} : { byok_only }),
  };
}

/** Provider ids as a set: a lookup in the hot path instead of a scan. */
const PROVIDERS: ReadonlySet<unknown> = new Set(PROVIDER_IDS);

/** A resolve query checked by {@link wellFormedResolveQuery}: every field present, maybe `undefined`. */
export interface CheckedResolveQuery {
  provider: ProviderId;
  api_key_id: string | undefined;
  region: string | undefined;
  /** The caller may replace it with the effective flag (the object is its own). */
  byok_only: boolean | undefined;
}

/**
 * The fields of a plain, well-formed resolve query, each read once and checked by hand (the
 * hot path: no schema, no issue list), in a new object; `undefined` for anything else, which
 * {@link parseResolveQuery} then rejects with issues naming each fault. It accepts only what
 * the schema accepts, so the two never disagree. `alsoAllowed` names a field the caller reads
 * itself (`local.resolve()`'s `organization_id`); an `api_key_id` that `knownApiKeyIds` holds
 * (the organization's API keys, checked when they were created) skips the character check.
 */
export function wellFormedResolveQuery(
  input: unknown,
  alsoAllowed?: string,
  knownApiKeyIds?: { has(id: string): boolean },
): CheckedResolveQuery | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  if (Object.getPrototypeOf(input) !== Object.prototype) return undefined;
  for (const field in input) {
    switch (field) {
      case "provider":
      case "api_key_id":
      case "region":
      case "byok_only":
        continue;
      default:
        if (field !== alsoAllowed) return undefined;
    }
  }
  const { provider, api_key_id, region, byok_only } = input as Record<string, unknown>;
  if (!PROVIDERS.has(provider)) return undefined;
  if (api_key_id !== undefined && !isKnown(api_key_id, knownApiKeyIds) && !isApiKeyId(api_key_id)) {
    return undefined;
  }
  if (byok_only !== undefined && typeof byok_only !== "boolean") return undefined;
  if (region !== undefined) {
    if (typeof region !== "string" || region.length > 32) return undefined;
    if (provider === "bedrock" && !isBedrockRegionKey(region)) return undefined;
  }
  return {
    provider: provider as ProviderId,
    api_key_id: api_key_id as string | undefined,
    region,
    byok_only,
  };
}

const isKnown = (id: unknown, known: { has(id: string): boolean } | undefined): boolean =>
  typeof id === "string" && known !== undefined && known.has(id);

/**
 * Whether a request is BYOK-only: the query says so, or its organization does, or its API key
 * (a live one) does. Edgee also has squads between the two; byokit does not model them.
 */
export async function effectiveByokOnly(
  core: BackendCore,
  organizationId: string,
  query: ResolveQuery,
): Promise<boolean> {
  if (query.byok_only === true || core.organizationByokOnly(organizationId)) return true;
  if (query.api_key_id === undefined) return false;
  const apiKey = (await core.apiKeysOf(organizationId)).get(query.api_key_id);
  return apiKey?.record.byok_only === true;
}

/** Resolves with the effective `byok_only` in the query (the resolver answers `rejected`). */
export async function resolveFor(
  core: BackendCore,
  organizationId: string,
  keys: OrganizationKeys,
  query: ResolveQuery,
): Promise<Resolution<ProviderKey>> {
  const byok_only = await effectiveByokOnly(core, organizationId, query);
  return resolveIn(keys, { ...query, byok_only });
}

/**
 * Asks an organization's resolver. Its typed errors for bad input become `ValidationError`s,
 * so the API answers them with a 400.
 */
export function resolveIn(keys: OrganizationKeys, query: ResolveQuery): Resolution<ProviderKey> {
  try {
    return keys.resolver.resolve(query);
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    if (error instanceof ByokError)
      throw new ValidationError([{ path: "", message: error.message }]);
    throw error;
  }
}

/** `POST /provider-keys/resolve`: which key serves `{ provider, api_key_id?, region?, byok_only? }`, masked. */
export async function resolveProviderKey({
  core,
  request,
  requestId,
  organizationId,
}: HandlerContext) {
  const body = await readJsonBody(request);
  if (body === undefined) throw requiredBody("{ provider, api_key_id?, region? }");
  const query = parsed(() => parseResolveQuery(body));
  const keys = await core.organization(organizationId);
  // A resolver's ValidationError becomes a 400 where every ValidationError does (the dispatcher).
  return jsonResponse(requestId, 200, await resolveFor(core, organizationId, keys, query));
}
