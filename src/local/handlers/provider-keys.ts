import { ValidationError } from "../../errors/validation-error.js";
import { echoId } from "../../internal/safe-echo.js";
import { isProviderId, PROVIDER_IDS } from "../../providers/ids.js";
import type { ProviderKey } from "../../providers/record.js";
import { apiKeyIdSchema } from "../../schemas/fields.js";
import { parseCreateInput, parseUpdateInput } from "../../schemas/provider-key-input.js";
import { BackendCore } from "../backend-core.js";
import { readIdempotencyKey } from "../http/idempotency.js";
import { checkIfMatch, etagOf } from "../http/if-match.js";
import { paginate, parseListQuery } from "../http/list-query.js";
import { parseJsonBody, readBodyText } from "../http/read-body.js";
import { badParam, HttpError, jsonResponse } from "../http/responses.js";
import { validationFailure } from "../http/validation-failure.js";
import { mergeCredentials } from "../merge-credentials.js";
import { randomId } from "../random-id.js";
import type { HandlerContext } from "./context.js";

/** Who the local backend records as `created_by`: there are no users here. */
const CREATED_BY = "local";

/** The query parameters that ask for byokit's paging envelope instead of Edgee's raw array. */
const PAGING_PARAMETERS = ["limit", "start_key", "order_direction"] as const;

/**
 * `GET /provider-keys`: a raw JSON array of every key, newest first, as Edgee answers
 * (observed); byokit's paging envelope `{ object: "list", url, has_more, last_key, data }`
 * only when the request asks for it with `limit`, `start_key` or `order_direction`
 * (extension). `?provider=` and `?api_key_id=` filter either way (extension).
 */
export async function listProviderKeys({ core, url, requestId, organizationId }: HandlerContext) {
  const query = parseListQuery(url.searchParams);
  const paged = PAGING_PARAMETERS.some((name) => url.searchParams.has(name));
  const provider = url.searchParams.get("provider");
  if (provider !== null && !isProviderId(provider)) {
    throw badParam("provider", `must be one of ${PROVIDER_IDS.join(", ")}`);
  }
  const apiKeyId = url.searchParams.get("api_key_id");
  if (apiKeyId !== null && !apiKeyIdSchema.safeParse(apiKeyId).success) {
    throw badParam("api_key_id", "must be an API key id (key_…)");
  }
  const keys = await core.organization(organizationId);
  const keep = (record: ProviderKey) =>
    (provider === null || record.provider === provider) &&
    (apiKeyId === null || record.api_key_ids?.includes(apiKeyId) === true);
  if (!paged) {
    // Newest first, like the envelope's default order.
    return jsonResponse(requestId, 200, keys.records.filter(keep).reverse());
  }
  const page = paginate(keys.records, query, keep);
  return jsonResponse(requestId, 200, { object: "list", url: url.pathname, ...page });
}

/**
 * `POST /provider-keys`. With an `Idempotency-Key`, a repeat of the same body answers with the
 * first response and a different body is a 409.
 */
export async function createProviderKey(context: HandlerContext) {
  const { core, request, organizationId } = context;
  const idempotencyKey = readIdempotencyKey(request);
  const text = await readBodyText(request);
  const create = () => createFromText(context, text);
  return idempotencyKey === undefined
    ? create()
    : core.idempotency.run(organizationId, idempotencyKey, text, context.requestId, create);
}

async function createFromText(
  { core, request, requestId, organizationId, url }: HandlerContext,
  text: string,
): Promise<Response> {
  const body = parseJsonBody(text, request.headers.get("Content-Type"));
  if (body === undefined) throw requiredBody("{ provider, name, provider_key, api_key_ids? }");
  const input = parsed(() => parseCreateInput(body));
  await core.checkApiKeyIds(organizationId, input.api_key_ids);
  return core.writeFresh(organizationId, async () => {
    const keys = await core.organization(organizationId);
    const createdAt = core.stampCreation();
    const record = BackendCore.freeze({
      object: "provider_key",
      id: randomId("pk_"),
      provider: input.provider,
      name: input.name,
      api_key_ids: input.api_key_ids,
      active: true,
      preview: BackendCore.previewOf(input, input.provider_key)!,
      created_at: createdAt,
      created_by: CREATED_BY,
      updated_at: createdAt,
      version: 1,
    });
    await core.store.put(
      { organization_id: organizationId, record, credentials: input.provider_key },
      { expectedVersion: null },
    );
    keys.set({ record, credentials: input.provider_key });
    return jsonResponse(requestId, 201, record, {
      ETag: etagOf(record.version),
      Location: `${url.pathname}/${encodeURIComponent(record.id)}`,
    });
  });
}

/** `GET /provider-keys/{id}`, with its `ETag`. */
export async function getProviderKey({ core, requestId, organizationId, id }: HandlerContext) {
  const { record } = await findKey(core, organizationId, id!);
  return jsonResponse(requestId, 200, record, { ETag: etagOf(record.version) });
}

/**
 * `POST /provider-keys/{id}` (and `PATCH`): an omitted field keeps its value, an omitted `provider_key` the
 * stored secret (Bedrock: per region). A stale `If-Match` is a 412 and nothing is written.
 * Without `If-Match`, a key another writer changed meanwhile is read again and the update
 * applied on its latest version (last writer wins, field by field; nothing is lost).
 */
export async function updateProviderKey(context: HandlerContext) {
  const { core, request, requestId, organizationId, id } = context;
  const body = parseJsonBody(await readBodyText(request), request.headers.get("Content-Type"));
  if (body === undefined) throw requiredBody("{ name?, api_key_ids?, active?, provider_key? }");
  return core.writeFresh(organizationId, async () => {
    const keys = await core.organization(organizationId);
    const entry = await findKey(core, organizationId, id!);
    checkIfMatch(request, entry.record.version);
    const input = parsed(() => parseUpdateInput(body, entry.record.provider));
    await core.checkApiKeyIds(organizationId, input.api_key_ids);
    const credentials =
      input.provider_key === undefined
        ? entry.credentials
        : parsed(() =>
            mergeCredentials(entry.record.provider, entry.credentials, input.provider_key),
          );
    const record: ProviderKey = BackendCore.freeze({
      ...entry.record,
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.api_key_ids === undefined ? {} : { api_key_ids: input.api_key_ids }),
      ...(input.active === undefined ? {} : { active: input.active }),
      preview: BackendCore.previewOf(entry.record, credentials)!,
      updated_at: new Date().toISOString(),
      version: (entry.record.version ?? 0) + 1,
    });
    await core.store.put(
      { organization_id: organizationId, record, credentials },
      { expectedVersion: entry.record.version ?? 0 },
    );
    keys.set({ record, credentials });
    return jsonResponse(requestId, 200, record, { ETag: etagOf(record.version) });
  });
}

/** `DELETE /provider-keys/{id}` → `{ object: "provider_key", id, deleted: true }`. */
export async function deleteProviderKey({
  core,
  request,
  requestId,
  organizationId,
  id,
}: HandlerContext) {
  return core.writeFresh(organizationId, async () => {
    const keys = await core.organization(organizationId);
    const entry = await findKey(core, organizationId, id!);
    checkIfMatch(request, entry.record.version);
    await core.store.delete(organizationId, entry.record.id, {
      expectedVersion: entry.record.version ?? 0,
    });
    keys.delete(entry.record.id);
    return jsonResponse(requestId, 200, {
      object: "provider_key",
      id: entry.record.id,
      deleted: true,
    });
  });
}

/** The key `id` of the organization, or a 404. */
export async function findKey(core: BackendCore, organizationId: string, id: string) {
  const entry = (await core.organization(organizationId)).get(id);
  if (!entry) throw new HttpError(404, "not_found_error", `no provider key ${echoId(id)}`);
  return entry;
}

/** Runs a parser; its `ValidationError` becomes a 400 naming each field. */
export function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ValidationError) throw validationFailure(error);
    throw error;
  }
}

export function requiredBody(shape: string): HttpError {
  return new HttpError(400, "invalid_request_error", `the request body is required: ${shape}`, [
    { param: "body", message: `is required: ${shape}` },
  ]);
}
