import type { ApiKey } from "../../providers/record.js";
import {
  checkCreateApiKey,
  checkGetOrCreateApiKey,
  checkUpdateApiKey,
} from "../../schemas/api-key-input.js";
import type { BackendCore } from "../backend-core.js";
import { paginate, parseListQuery } from "../http/list-query.js";
import { parseJsonBody, readBodyText, readJsonBody } from "../http/read-body.js";
import { HttpError, jsonResponse } from "../http/responses.js";
import {
  type ApiKeyEntry,
  mintApiKeySecret,
  newApiKeyRecord,
  OrganizationApiKeys,
  publicApiKey,
} from "../organization-api-keys.js";
import type { WriteCondition } from "../store.js";
import type { HandlerContext } from "./context.js";
import { parsed, requiredBody } from "./provider-keys.js";

/** The paging parameters that ask for byokit's envelope instead of Edgee's raw array. */
const PAGING_PARAMETERS = ["limit", "start_key", "order_direction"];

/**
 * `GET /api_keys`: a raw JSON array, oldest first, as Edgee answers (observed); byokit's paging
 * envelope (newest first) when the request names a paging parameter.
 */
export async function listApiKeys({ core, url, requestId, organizationId }: HandlerContext) {
  const keys = await core.apiKeysOf(organizationId);
  const byokOnly = core.organizationByokOnly(organizationId);
  const records = keys.entries.map((entry) => publicApiKey(entry, byokOnly));
  if (!PAGING_PARAMETERS.some((name) => url.searchParams.has(name))) {
    return jsonResponse(requestId, 200, records);
  }
  const page = paginate(
    records as (ApiKey & { created_at: string })[],
    parseListQuery(url.searchParams),
  );
  return jsonResponse(requestId, 200, { object: "list", url: url.pathname, ...page });
}

/** `POST /api_keys`: 201 with the record and, this once, its `key`. */
export async function createApiKey({
  core,
  request,
  requestId,
  organizationId,
  url,
}: HandlerContext) {
  const body = parseJsonBody(await readBodyText(request), request.headers.get("Content-Type"));
  if (body === undefined) throw requiredBody("{ name, type?, coding_assistant?, models?, … }");
  const input = parsed(() => checkCreateApiKey(body));
  return core.writeFresh(organizationId, async () => {
    const entry = await insert(core, organizationId, input);
    return jsonResponse(requestId, 201, withSecret(core, organizationId, entry), {
      Location: `${url.pathname}/${encodeURIComponent(entry.record.id)}`,
    });
  });
}

/** `GET /api_keys/{id}`: masked. */
export async function getApiKey({ core, requestId, organizationId, id }: HandlerContext) {
  const entry = await findApiKey(core, organizationId, id!);
  return jsonResponse(
    requestId,
    200,
    publicApiKey(entry, core.organizationByokOnly(organizationId)),
  );
}

/** `POST /api_keys/{id}` (Edgee's documented update; `PATCH` too): an omitted field keeps its value. */
export async function updateApiKey({
  core,
  request,
  requestId,
  organizationId,
  id,
}: HandlerContext) {
  const body = await readJsonBody(request);
  if (body === undefined)
    throw requiredBody("{ name?, models?, max_usage?, active?, debug_mode?, byok_only? }");
  const input = parsed(() => checkUpdateApiKey(body));
  return core.writeFresh(organizationId, async () => {
    const keys = await core.apiKeysOf(organizationId);
    const entry = await findApiKey(core, organizationId, id!);
    const next: ApiKeyEntry = {
      ...entry,
      record: { ...entry.record, ...input },
      persisted: true,
      version: entry.version + 1,
    };
    await core.apiKeyStore.put(OrganizationApiKeys.stored(organizationId, next), replacing(entry));
    keys.set(next);
    return jsonResponse(
      requestId,
      200,
      publicApiKey(next, core.organizationByokOnly(organizationId)),
    );
  });
}

/**
 * `DELETE /api_keys/{id}`. Provider keys assigned to it are left as they are: their
 * `api_key_ids` keep the gone id, so an assignment never widens to the whole organization.
 */
export async function deleteApiKey({ core, requestId, organizationId, id }: HandlerContext) {
  return core.writeFresh(organizationId, async () => {
    const keys = await core.apiKeysOf(organizationId);
    const entry = await findApiKey(core, organizationId, id!);
    // A seeded key never saved is not in the store: only this process holds it.
    if (entry.persisted) {
      await core.apiKeyStore.delete(organizationId, entry.record.id, replacing(entry));
    }
    keys.delete(entry.record.id);
    return jsonResponse(requestId, 200, {
      object: "ai_gateway_api_key",
      id: entry.record.id,
      deleted: true,
    });
  });
}

/** `GET /api_keys/{id}/reveal`: the record with its `key`. A seeded key is persisted first, so its key stays the same. */
export async function revealApiKey({ core, requestId, organizationId, id }: HandlerContext) {
  return core.writeFresh(organizationId, async () => {
    const keys = await core.apiKeysOf(organizationId);
    let entry = await findApiKey(core, organizationId, id!);
    if (!entry.persisted) {
      // Another instance saving the same seed first wins: this write is stale, and the retry
      // reveals the key it saved.
      entry = { ...entry, persisted: true, version: 1 };
      await core.apiKeyStore.put(OrganizationApiKeys.stored(organizationId, entry), {
        expectedVersion: null,
      });
      keys.set(entry);
    }
    return jsonResponse(requestId, 200, withSecret(core, organizationId, entry));
  });
}

/**
 * `POST /api_keys/get-or-create` (observed): the organization's oldest active `coding_agent`
 * key of that assistant (200, `created: false`, no `key`), else a new one (201,
 * `created: true`, with its `key`).
 */
export async function getOrCreateApiKey({
  core,
  request,
  requestId,
  organizationId,
}: HandlerContext) {
  const body = await readJsonBody(request);
  if (body === undefined) throw requiredBody("{ coding_assistant }");
  const { coding_assistant } = parsed(() => checkGetOrCreateApiKey(body));
  return core.writeFresh(organizationId, async () => {
    const keys = await core.apiKeysOf(organizationId);
    const existing = keys.entries.find(
      (entry) =>
        entry.record.active &&
        entry.record.type === "coding_agent" &&
        entry.record.coding_assistant === coding_assistant,
    );
    if (existing) {
      const record = publicApiKey(existing, core.organizationByokOnly(organizationId));
      return jsonResponse(requestId, 200, { ...record, created: false });
    }
    const entry = await insert(core, organizationId, {
      name: coding_assistant,
      type: "coding_agent",
      coding_assistant,
    });
    return jsonResponse(requestId, 201, {
      ...withSecret(core, organizationId, entry),
      created: true,
    });
  });
}

async function insert(
  core: BackendCore,
  organizationId: string,
  input: Record<string, unknown>,
): Promise<ApiKeyEntry> {
  const keys = await core.apiKeysOf(organizationId);
  const entry: ApiKeyEntry = {
    record: newApiKeyRecord(organizationId, input, core.stampCreation()),
    key: mintApiKeySecret(),
    persisted: true,
    version: 1,
  };
  await core.apiKeyStore.put(OrganizationApiKeys.stored(organizationId, entry), {
    expectedVersion: null,
  });
  keys.set(entry);
  return entry;
}

/** The condition of a write over `entry`: its version, or "not stored yet" for an unsaved seed. */
function replacing(entry: ApiKeyEntry): WriteCondition {
  return { expectedVersion: entry.persisted ? entry.version : null };
}

function withSecret(core: BackendCore, organizationId: string, entry: ApiKeyEntry) {
  return { ...publicApiKey(entry, core.organizationByokOnly(organizationId)), key: entry.key };
}

async function findApiKey(core: BackendCore, organizationId: string, id: string) {
  const entry = (await core.apiKeysOf(organizationId)).get(id);
  if (!entry) {
    const shown = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : "with that id";
    throw new HttpError(404, "not_found_error", `no API key ${shown}`);
  }
  return entry;
}
