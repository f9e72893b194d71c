import * as z from "zod/mini";
import { ByokError } from "../../errors/byok-error.js";
import { ValidationError } from "../../errors/validation-error.js";
import { toValidationIssues } from "../../internal/to-validation-issues.js";
import { isBedrockRegionKey } from "../../providers/aws-regions.js";
import { objectError } from "../../providers/object-error.js";
import type { ProviderKey } from "../../providers/record.js";
import type { Resolution, ResolveQuery } from "../../resolver/types.js";
import { apiKeyIdSchema, providerSchema } from "../../schemas/fields.js";
import type { BackendCore } from "../backend-core.js";
import { readJsonBody } from "../http/read-body.js";
import { jsonResponse } from "../http/responses.js";
import type { OrganizationKeys } from "../organization-keys.js";
import type { LocalRejected } from "../types.js";
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
export function parseResolveQuery(input: unknown): ByokResolveQuery {
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

/** The answer to a BYOK-only request that no provider key of the organization can serve. */
export function byokOnlyRejection(query: ResolveQuery): LocalRejected {
  const who = query.api_key_id === undefined ? "" : `API key ${query.api_key_id} or `;
  return {
    status: "rejected",
    explanation: `No active ${query.provider} key serves ${who}the organization, and this request is BYOK-only: the gateway refuses it instead of using its shared keys.`,
  };
}

/**
 * The resolver's query with `byok_only`, the field the resolver learns in its next version
 * (until then it ignores it, and {@link resolveFor} enforces the rule itself).
 */
export type ByokResolveQuery = ResolveQuery & { readonly byok_only?: boolean };

/**
 * Whether a request is BYOK-only: the query says so, or its organization does, or its API key
 * (a live one) does. Edgee also has squads between the two; byokit does not model them.
 */
export async function effectiveByokOnly(
  core: BackendCore,
  organizationId: string,
  query: ByokResolveQuery,
): Promise<boolean> {
  if (query.byok_only === true || core.organizationByokOnly(organizationId)) return true;
  if (query.api_key_id === undefined) return false;
  const apiKey = (await core.apiKeysOf(organizationId)).get(query.api_key_id);
  return apiKey?.record.byok_only === true;
}

/**
 * Resolves with the effective `byok_only` in the query. Where the resolver would let the
 * gateway fall back to its shared keys (`unassigned`) for a BYOK-only request, the answer is
 * `rejected`: a resolver that does not know `byok_only` yet cannot widen what a BYOK-only key
 * may use.
 */
export async function resolveFor(
  core: BackendCore,
  organizationId: string,
  keys: OrganizationKeys,
  query: ByokResolveQuery,
): Promise<Resolution<ProviderKey> | LocalRejected> {
  const byokOnly = await effectiveByokOnly(core, organizationId, query);
  const resolution: Resolution<ProviderKey> | LocalRejected = resolveIn(keys, {
    ...query,
    byok_only: byokOnly,
  } as ResolveQuery);
  if (byokOnly && resolution.status === "unassigned") return byokOnlyRejection(query);
  return resolution;
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
