/**
 * A minimal in-memory Console API for msw: enough of DESIGN.md's behaviour (idempotency,
 * ETag/If-Match, pagination, error envelope, X-Request-Id) to run the client contract suite
 * before the real local backend exists. Not a reference implementation.
 */
import { HttpResponse, http, type RequestHandler } from "msw";
import { ValidationError } from "../../src/errors/validation-error.js";
import type { ProviderDefinition } from "../../src/providers/definition.js";
import { isProviderId, type ProviderId } from "../../src/providers/ids.js";
import { parseProviderKey } from "../../src/providers/parse-provider-key.js";
import type { ProviderKey } from "../../src/providers/record.js";
import { providers } from "../../src/providers/registry.js";

export interface FakeApiKey {
  readonly id: string;
  readonly name: string;
}

export interface FakeConsoleApi {
  readonly handlers: RequestHandler[];
  /** Stored records, by id; what the API would hand out. */
  readonly records: Map<string, ProviderKey>;
  /** Every request the fake answered, in order. */
  readonly requests: Request[];
}

interface Options {
  readonly baseUrl: string;
  readonly organizationId: string;
  readonly token: string;
  readonly apiKeys: readonly FakeApiKey[];
}

export function createFakeConsoleApi(options: Options): FakeConsoleApi {
  const { baseUrl, organizationId, token, apiKeys } = options;
  const records = new Map<string, ProviderKey>();
  const idempotent = new Map<string, { body: string; record: ProviderKey }>();
  const requests: Request[] = [];
  let sequence = 0;
  let requestCount = 0;
  const root = `${baseUrl}/v1/organizations/:org`;

  const reply = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
    HttpResponse.json(body as never, {
      status,
      headers: { "x-request-id": `req_${++requestCount}`, ...headers },
    });
  const fail = (
    status: number,
    type: string,
    message: string,
    params?: { param: string; message: string }[],
  ) => reply({ error: { type, message, ...(params ? { params } : {}) } }, status);

  /** Authenticates and scopes every route; answers the error itself when it must. */
  const guard =
    (handler: (request: Request, params: Record<string, string>) => Promise<Response> | Response) =>
    async ({ request, params }: { request: Request; params: Record<string, unknown> }) => {
      requests.push(request.clone());
      if (request.headers.get("authorization") !== `Bearer ${token}`) {
        return fail(401, "authentication_error", "missing or wrong console token");
      }
      if (params.org !== organizationId)
        return fail(404, "not_found_error", "no such organization");
      return handler(request, params as Record<string, string>);
    };

  const page = <T extends { id: string }>(request: Request, items: T[]) => {
    const url = new URL(request.url);
    const limit = Number(url.searchParams.get("limit") ?? 20);
    const direction = url.searchParams.get("order_direction") ?? "DESC";
    const ordered = direction === "ASC" ? items : [...items].reverse();
    const startKey = url.searchParams.get("start_key");
    const from = startKey === null ? 0 : ordered.findIndex((item) => item.id === startKey) + 1;
    const data = ordered.slice(from, from + limit);
    const hasMore = from + limit < ordered.length;
    return reply({
      object: "list",
      url: url.pathname,
      has_more: hasMore,
      last_key: hasMore ? (data.at(-1)?.id ?? null) : null,
      data,
    });
  };

  const validate = (provider: ProviderId, providerKey: unknown, mode: "create" | "update") => {
    try {
      return { credentials: parseProviderKey(provider, providerKey, { mode }) };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const params = error.issues.map((issue) => ({ param: issue.path, message: issue.message }));
      return { response: fail(400, "invalid_request_error", error.message, params) };
    }
  };
  const previewOf = (provider: ProviderId, credentials: unknown) =>
    (providers[provider] as unknown as ProviderDefinition<ProviderId>).preview(
      credentials as never,
    );
  const unknownApiKeys = (ids: unknown) =>
    (Array.isArray(ids) ? ids : []).filter((id) => !apiKeys.some((key) => key.id === id));

  const handlers = [
    http.get(
      `${root}/api_keys`,
      guard((request) =>
        page(
          request,
          apiKeys.map((key) => ({ object: "api_key", ...key })),
        ),
      ),
    ),
    http.post(
      `${root}/provider-keys/test`,
      guard(async (request) => {
        const body = (await request.json()) as { provider: ProviderId; provider_key: unknown };
        const checked = validate(body.provider, body.provider_key, "create");
        if (checked.response) return checked.response;
        return reply({
          ok: true,
          status: "valid",
          message: "the provider accepted the key",
          latency_ms: 3,
        });
      }),
    ),
    http.post(
      `${root}/provider-keys/resolve`,
      guard(async (request) => {
        const query = (await request.json()) as { provider: string; api_key_id?: string };
        const candidates = [...records.values()].filter(
          (key) => key.active && key.provider === query.provider,
        );
        const assigned = candidates.filter((key) =>
          key.api_key_ids?.includes(query.api_key_id ?? ""),
        );
        const organization = candidates.filter((key) => key.api_key_ids?.length === 0);
        const [chosen, ...shadowed] = assigned.length > 0 ? assigned : organization;
        if (!chosen) return reply({ status: "unassigned", explanation: "no key of this provider" });
        return reply({
          status: "resolved",
          key: chosen,
          scope: assigned.length > 0 ? "api_key" : "organization",
          shadowed,
          explanation: `served by ${chosen.name}`,
        });
      }),
    ),
    http.post(
      `${root}/provider-keys`,
      guard(async (request) => {
        const text = await request.text();
        const idempotencyKey = request.headers.get("idempotency-key");
        const earlier = idempotencyKey === null ? undefined : idempotent.get(idempotencyKey);
        if (earlier) {
          return earlier.body === text
            ? reply(earlier.record, 201)
            : fail(409, "conflict_error", "idempotency key reused with another body");
        }
        const body = JSON.parse(text) as Record<string, unknown>;
        if (!isProviderId(body.provider)) {
          return fail(400, "invalid_request_error", "provider: unknown", [
            { param: "provider", message: "unknown" },
          ]);
        }
        const checked = validate(body.provider, body.provider_key, "create");
        if (checked.response) return checked.response;
        const unknown = unknownApiKeys(body.api_key_ids);
        if (unknown.length > 0) {
          return fail(400, "invalid_request_error", "api_key_ids: unknown API key", [
            { param: "api_key_ids", message: `unknown API key ${unknown[0]}` },
          ]);
        }
        sequence += 1;
        const record: ProviderKey = {
          object: "provider_key",
          id: `pk_${String(sequence).padStart(4, "0")}`,
          provider: body.provider,
          name: body.name as string,
          api_key_ids: (body.api_key_ids as string[] | undefined) ?? [],
          active: true,
          preview: previewOf(body.provider, checked.credentials),
          created_at: new Date(Date.UTC(2025, 0, 1, 0, 0, sequence)).toISOString(),
          created_by: "user_fake",
          version: 1,
        };
        records.set(record.id, record);
        if (idempotencyKey !== null) idempotent.set(idempotencyKey, { body: text, record });
        return reply(record, 201);
      }),
    ),
    http.get(
      `${root}/provider-keys`,
      guard((request) => {
        const url = new URL(request.url);
        const provider = url.searchParams.get("provider");
        const apiKeyId = url.searchParams.get("api_key_id");
        const matching = [...records.values()].filter(
          (key) =>
            (provider === null || key.provider === provider) &&
            (apiKeyId === null || key.api_key_ids?.includes(apiKeyId)),
        );
        return page(request, matching);
      }),
    ),
    http.get(
      `${root}/provider-keys/:id`,
      guard((_request, params) => {
        const record = records.get(params.id as string);
        if (!record) return fail(404, "not_found_error", "no such provider key");
        return reply(record, 200, { etag: `"${record.version}"` });
      }),
    ),
    http.post(
      `${root}/provider-keys/:id`,
      guard(async (request, params) => {
        const record = records.get(params.id as string);
        if (!record) return fail(404, "not_found_error", "no such provider key");
        const ifMatch = request.headers.get("if-match");
        if (ifMatch !== null && ifMatch.replace(/"/g, "") !== String(record.version)) {
          return fail(412, "precondition_failed_error", "the key changed since it was read");
        }
        const patch = (await request.json()) as Record<string, unknown>;
        let preview = record.preview;
        if (patch.provider_key !== undefined) {
          const checked = validate(record.provider, patch.provider_key, "create");
          if (checked.response) return checked.response;
          preview = previewOf(record.provider, checked.credentials);
        }
        const updated: ProviderKey = {
          ...record,
          ...(typeof patch.name === "string" ? { name: patch.name } : {}),
          ...(Array.isArray(patch.api_key_ids) ? { api_key_ids: patch.api_key_ids } : {}),
          ...(typeof patch.active === "boolean" ? { active: patch.active } : {}),
          ...(preview ? { preview } : {}),
          updated_at: new Date().toISOString(),
          version: (record.version ?? 0) + 1,
        };
        records.set(updated.id, updated);
        return reply(updated, 200, { etag: `"${updated.version}"` });
      }),
    ),
    http.delete(
      `${root}/provider-keys/:id`,
      guard((request, params) => {
        const record = records.get(params.id as string);
        if (!record) return fail(404, "not_found_error", "no such provider key");
        const ifMatch = request.headers.get("if-match");
        if (ifMatch !== null && ifMatch.replace(/"/g, "") !== String(record.version)) {
          return fail(412, "precondition_failed_error", "the key changed since it was read");
        }
        records.delete(record.id);
        return new HttpResponse(null, {
          status: 204,
          headers: { "x-request-id": `req_${++requestCount}` },
        });
      }),
    ),
    http.post(
      `${root}/provider-keys/:id/test`,
      guard((_request, params) => {
        if (!records.has(params.id as string)) {
          return fail(404, "not_found_error", "no such provider key");
        }
        return reply({
          ok: true,
          status: "valid",
          message: "the provider accepted the key",
          latency_ms: 2,
        });
      }),
    ),
  ];
  return { handlers, records, requests };
}
