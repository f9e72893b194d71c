import * as z from "zod/mini";
import { ByokError } from "../../errors/byok-error.js";
import { ValidationError } from "../../errors/validation-error.js";
import { toValidationIssues } from "../../internal/to-validation-issues.js";
import { isBedrockRegionKey } from "../../providers/aws-regions.js";
import { objectError } from "../../providers/object-error.js";
import type { ProviderKey } from "../../providers/record.js";
import type { Resolution, ResolveQuery } from "../../resolver/types.js";
import { apiKeyIdSchema, providerSchema } from "../../schemas/fields.js";
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
  },
  objectError("must be an object { provider, api_key_id?, region? }"),
);

/** Checks a resolve query (the HTTP body, or `local.resolve()`'s argument). */
export function parseResolveQuery(input: unknown): ResolveQuery {
  const result = queryShape.safeParse(input);
  if (!result.success) throw new ValidationError(toValidationIssues(result.error.issues));
  const { provider, api_key_id, region } = result.data;
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
  };
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

/** `POST /provider-keys/resolve`: which key serves `{ provider, api_key_id?, region? }`, masked. */
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
  return jsonResponse(
    requestId,
    200,
    parsed(() => resolveIn(keys, query)),
  );
}
