import * as z from "zod/mini";
import { ValidationError } from "../../errors/validation-error.js";
import { toValidationIssues } from "../../internal/to-validation-issues.js";
import { redactSecrets } from "../../masking/redact.js";
import { isProviderId, PROVIDER_IDS } from "../../providers/ids.js";
import { objectError } from "../../providers/object-error.js";
import { parseProviderKey } from "../../providers/parse-provider-key.js";
import { providers } from "../../providers/registry.js";
import { testCredentials } from "../../validators/test-credentials.js";
import type { TestResult } from "../../validators/types.js";
import type { BackendCore } from "../backend-core.js";
import { readJsonBody } from "../http/read-body.js";
import { jsonResponse } from "../http/responses.js";
import { validationFailure } from "../http/validation-failure.js";
import type { HandlerContext } from "./context.js";
import { findKey, parsed, requiredBody } from "./provider-keys.js";

const testShape = z.strictObject(
  {
    provider: z.string({ error: `must be one of ${PROVIDER_IDS.join(", ")}` }),
    provider_key: z.unknown(),
  },
  objectError("must be an object { provider, provider_key }"),
);

/**
 * `POST /provider-keys/test`: tests credentials before they are saved. A provider byokit does
 * not know is accepted when the backend was given a validator for it.
 */
export async function testProviderKey({ core, request, requestId }: HandlerContext) {
  const body = await readJsonBody(request);
  if (body === undefined) throw requiredBody("{ provider, provider_key }");
  const { provider, credentials } = parsed(() => parseTestInput(core, body));
  return jsonResponse(requestId, 200, await runTest(core, provider, credentials));
}

/** `POST /provider-keys/{id}/test`: tests the stored credentials of a key. */
export async function testStoredProviderKey({
  core,
  requestId,
  organizationId,
  id,
}: HandlerContext) {
  const entry = await findKey(core, organizationId, id!);
  return jsonResponse(
    requestId,
    200,
    await runTest(core, entry.record.provider, entry.credentials),
  );
}

function parseTestInput(core: BackendCore, body: unknown) {
  const base = testShape.safeParse(body);
  if (!base.success)
    throw new ValidationError(
      toValidationIssues(
        base.error.issues,
        [],
        (body as { provider_key?: unknown } | null)?.provider_key,
      ),
    );
  const { provider, provider_key } = base.data;
  if (provider_key === undefined) {
    throw new ValidationError([{ path: "provider_key", message: "is required" }]);
  }
  if (isProviderId(provider)) {
    return { provider, credentials: parseProviderKey(provider, provider_key) };
  }
  if (core.validators?.[provider]) return { provider, credentials: provider_key };
  throw new ValidationError([
    { path: "provider", message: `must be one of ${PROVIDER_IDS.join(", ")}` },
  ]);
}

/**
 * Runs the validator, then scrubs its messages of the credential once more: a provider that
 * echoes the key back never gets it into a response.
 */
async function runTest(core: BackendCore, provider: string, credentials: unknown) {
  let result: TestResult;
  try {
    result = await testCredentials(provider, credentials, {
      ...(core.fetch ? { fetch: core.fetch } : {}),
      ...(core.validators ? { validators: core.validators } : {}),
      ...(core.network ? { network: core.network } : {}),
    });
  } catch (error) {
    // No validator for this provider, say: the caller's input, not our failure.
    if (error instanceof ValidationError) throw validationFailure(error);
    throw error;
  }
  return scrub(result, secretsOf(provider, credentials));
}

function secretsOf(provider: string, credentials: unknown): string[] {
  if (isProviderId(provider)) {
    return (providers[provider].secretsOf as (c: unknown) => string[])(credentials);
  }
  return typeof credentials === "string" ? [credentials] : [];
}

function scrub(result: TestResult, secrets: readonly string[]): TestResult {
  return {
    ...result,
    message: redactSecrets(result.message, secrets),
    ...(result.regions
      ? {
          regions: result.regions.map((region) => ({
            ...region,
            message: redactSecrets(region.message, secrets),
          })),
        }
      : {}),
  };
}
