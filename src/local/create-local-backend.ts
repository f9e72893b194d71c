import { ValidationError } from "../errors/validation-error.js";
import { GLOBAL_REGION } from "../providers/aws-regions.js";
import type { ProviderId } from "../providers/ids.js";
import type { ProviderKey } from "../providers/record.js";
import { createResolver } from "../resolver/create-resolver.js";
import type { Rejected, Resolved, ResolveQuery, Resolver, Unassigned } from "../resolver/types.js";
import { BackendCore } from "./backend-core.js";
import {
  createApiKey,
  deleteApiKey,
  getApiKey,
  getOrCreateApiKey,
  listApiKeys,
  revealApiKey,
  updateApiKey,
} from "./handlers/api-keys.js";
import type { Handler, HandlerContext } from "./handlers/context.js";
import { getOrganization, listOrganizations } from "./handlers/organizations.js";
import {
  createProviderKey,
  deleteProviderKey,
  getProviderKey,
  listProviderKeys,
  updateProviderKey,
} from "./handlers/provider-keys.js";
import {
  parseResolveQuery,
  resolveFor,
  resolveIn,
  resolveProviderKey,
  wellFormedResolveQuery,
} from "./handlers/resolve.js";
import { testProviderKey, testStoredProviderKey } from "./handlers/test-credentials.js";
import { constantTimeEqual } from "./http/constant-time-equal.js";
import { ALLOWED_METHODS, matchRoute, type RouteName } from "./http/match-route.js";
import { errorResponse, HttpError } from "./http/responses.js";
import { validationFailure } from "./http/validation-failure.js";
import type { OrganizationKeys } from "./organization-keys.js";
import { randomId } from "./random-id.js";
import type {
  LocalBackend,
  LocalBackendHealth,
  LocalBackendOptions,
  LocalResolution,
  LocalResolveQuery,
} from "./types.js";

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

const HANDLERS: { readonly [R in RouteName]: Readonly<Record<string, Handler>> } = {
  providerKeys: { GET: listProviderKeys, POST: createProviderKey },
  providerKey: {
    GET: getProviderKey,
    POST: updateProviderKey,
    PATCH: updateProviderKey,
    DELETE: deleteProviderKey,
  },
  testProviderKey: { POST: testProviderKey },
  testStoredProviderKey: { POST: testStoredProviderKey },
  resolveProviderKey: { POST: resolveProviderKey },
  apiKeys: { GET: listApiKeys, POST: createApiKey },
  apiKey: { GET: getApiKey, POST: updateApiKey, PATCH: updateApiKey, DELETE: deleteApiKey },
  revealApiKey: { GET: revealApiKey },
  getOrCreateApiKey: { POST: getOrCreateApiKey },
  organizations: { GET: listOrganizations },
  organization: { GET: getOrganization },
};

/**
 * The Console API in-process, over a store: every endpoint of DESIGN.md with the status
 * codes, headers and JSON a remote server sends. Hand `local.fetch` to anything that takes a
 * `fetch` (the client, msw, `serve()`); call `local.resolve()` for server-side resolution.
 *
 * @example
 * const local = createLocalBackend({ apiKeys: [{ id: "key_staging", name: "Staging" }] });
 * const client = createClient({ organizationId: "org_1", token: "dev", fetch: local.fetch });
 * const { credentials } = await local.resolve({ provider: "openai", api_key_id: "key_staging" });
 */
export function createLocalBackend(options: LocalBackendOptions = {}): LocalBackend {
  return new LocalBackendImpl(new BackendCore(options));
}

class LocalBackendImpl implements LocalBackend {
  readonly #core: BackendCore;
  readonly requiresToken: boolean;

  constructor(core: BackendCore) {
    this.#core = core;
    this.requiresToken = core.token !== undefined;
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(
      typeof input === "string" && input.startsWith("/") ? `http://localhost${input}` : input,
      init,
    );
    const requestId = randomId("req_");
    try {
      return await this.#dispatch(request, requestId);
    } catch (error) {
      if (error instanceof HttpError) return error.toResponse(requestId);
      if (error instanceof ValidationError) return validationFailure(error).toResponse(requestId);
      // A bug or a failing store: say nothing about it but the request id.
      return errorResponse(
        requestId,
        500,
        "api_error",
        `the local backend failed to answer (request ${requestId})`,
      );
    }
  };

  async resolve<P extends ProviderId>(query: LocalResolveQuery<P>): Promise<LocalResolution<P>> {
    // Once the store is loaded, a well-formed query is answered without an `await` in between
    // (DESIGN.md: at most 3× the resolver's own call); anything else takes the full path.
    return (this.#resolveLoaded(query) ??
      (await this.#resolveLoading(query))) as LocalResolution<P>;
  }

  /**
   * The fast path: a plain, well-formed query over an organization already in memory. Returns
   * `undefined` whenever the full path must answer (store not loaded yet, an unusual query,
   * an organization to create or to choose among several), which then names each fault.
   */
  #resolveLoaded(query: LocalResolveQuery): LocalResolution | undefined {
    const organizations = this.#core.loadedOrganizations();
    if (organizations === undefined || typeof query !== "object" || query === null)
      return undefined;
    const asked: unknown = query.organization_id;
    const configured = this.#core.organizationId;
    let organizationId: string | undefined;
    let keys: OrganizationKeys | undefined;
    if (asked !== undefined || configured !== undefined) {
      if (asked !== undefined && (typeof asked !== "string" || (configured ?? asked) !== asked)) {
        return undefined;
      }
      organizationId = (asked as string | undefined) ?? configured!;
      keys = organizations.get(organizationId);
      if (keys === undefined) return undefined;
    } else {
      for (const [id, candidate] of organizations) {
        if (candidate.records.length === 0) continue;
        if (keys !== undefined) return undefined;
        organizationId = id;
        keys = candidate;
      }
    }
    const apiKeys =
      organizationId === undefined ? undefined : this.#core.loadedApiKeysOf(organizationId);
    const checked = wellFormedResolveQuery(query, "organization_id", apiKeys);
    if (checked === undefined) return undefined;
    if (keys === undefined)
      return this.#noKeys().resolve(checked as ResolveQuery) as Unassigned | Rejected;
    // The effective BYOK-only flag, as `effectiveByokOnly()` computes it on the full path.
    const apiKeyId = checked.api_key_id;
    let byokOnly = checked.byok_only === true || this.#core.organizationByokOnly(organizationId!);
    if (!byokOnly && apiKeyId !== undefined) {
      if (apiKeys === undefined) return undefined;
      byokOnly = apiKeys.get(apiKeyId)?.record.byok_only === true;
    }
    checked.byok_only = byokOnly;
    const resolution = resolveIn(keys, checked as ResolveQuery);
    return resolution.status === "resolved" ? withCredentials(resolution, keys) : resolution;
  }

  /** The full path: loads the store, checks the query with issues naming each fault. */
  async #resolveLoading(query: LocalResolveQuery): Promise<LocalResolution> {
    const { organization_id, ...rest } = query ?? ({} as LocalResolveQuery);
    const parsedQuery = parseResolveQuery(rest);
    const found = await this.#organizationFor(organization_id);
    if (!found) {
      // No organization holds a key yet: the resolver's answer over none, which is
      // `unassigned`, or `rejected` for a BYOK-only query.
      return this.#noKeys().resolve(parsedQuery) as Unassigned | Rejected;
    }
    const [organizationId, keys] = found;
    const resolution = await resolveFor(this.#core, organizationId, keys, parsedQuery);
    return resolution.status === "resolved" ? withCredentials(resolution, keys) : resolution;
  }

  #emptyResolver: Resolver<ProviderKey> | undefined;

  /** The resolver over no key at all: answers `unassigned`, or `rejected` when BYOK-only. */
  #noKeys(): Resolver<ProviderKey> {
    this.#emptyResolver ??= createResolver<ProviderKey>([]);
    return this.#emptyResolver;
  }

  health(): LocalBackendHealth {
    return this.#core.health();
  }

  async close(): Promise<void> {
    this.#core.close();
  }

  toJSON(): object {
    return {
      kind: "local_backend",
      organizationId: this.#core.organizationId ?? null,
      requiresToken: this.requiresToken,
    };
  }

  [inspectSymbol](): string {
    return `LocalBackend ${JSON.stringify(this.toJSON())}`;
  }

  async #dispatch(request: Request, requestId: string): Promise<Response> {
    this.#authenticate(request);
    const url = new URL(request.url);
    const match = matchRoute(url.pathname);
    if (!match) throw new HttpError(404, "not_found_error", "no such route");
    const allowed = ALLOWED_METHODS[match.route];
    if (request.method === "OPTIONS") {
      return new Response(null, {
        status: 204,
        headers: { Allow: [...allowed, "OPTIONS"].join(", "), "X-Request-Id": requestId },
      });
    }
    const handler = HANDLERS[match.route][request.method];
    if (!handler) {
      throw new HttpError(
        405,
        "invalid_request_error",
        `${request.method} is not allowed here; use ${allowed.join(" or ")}`,
        [],
        { Allow: allowed.join(", ") },
      );
    }
    if (match.route !== "organizations" && !(await this.#core.serves(match.organizationId))) {
      throw new HttpError(404, "not_found_error", "no such organization");
    }
    const context: HandlerContext = {
      core: this.#core,
      request,
      url,
      requestId,
      organizationId: match.organizationId,
      ...(match.id === undefined ? {} : { id: match.id }),
    };
    return handler(context);
  }

  #authenticate(request: Request): void {
    const token = this.#core.token;
    // Without a token the backend trusts its caller (DESIGN.md): in-process, any request;
    // `serve()` then binds to loopback only and checks the Host header.
    if (token === undefined) return;
    const header = request.headers.get("Authorization") ?? "";
    const match = /^Bearer +(\S+) *$/i.exec(header);
    const challenge = { "WWW-Authenticate": 'Bearer realm="byokit"' };
    if (!match) {
      throw new HttpError(
        401,
        "authentication_error",
        "missing bearer token: send Authorization: Bearer <token>",
        [],
        challenge,
      );
    }
    if (!constantTimeEqual(match[1]!, token)) {
      throw new HttpError(401, "authentication_error", "invalid bearer token", [], challenge);
    }
  }

  async #organizationFor(
    organizationId: string | undefined,
  ): Promise<[string, OrganizationKeys] | undefined> {
    const configured = this.#core.organizationId;
    if (organizationId !== undefined || configured !== undefined) {
      const id = organizationId ?? configured!;
      if (configured !== undefined && id !== configured) {
        throw new ValidationError([
          { path: "organization_id", message: "is not the backend's organization" },
        ]);
      }
      return [id, await this.#core.organization(id)];
    }
    const organizations = [...(await this.#core.organizations()).entries()].filter(
      ([, keys]) => keys.records.length > 0,
    );
    if (organizations.length > 1) {
      throw new ValidationError([
        {
          path: "organization_id",
          message: "is required: this backend holds keys of several organizations",
        },
      ]);
    }
    return organizations[0];
  }
}

/** Answers already built, by the resolver's (frozen, cached) answer they wrap. */
const answers = new WeakMap<Resolved<ProviderKey>, ResolvedWithCredentials>();

/**
 * The resolver's answer with the chosen key's secret: Bedrock's matched region entry (or
 * `global` when no region was asked), the whole credential otherwise. Both are frozen once
 * when stored (OrganizationKeys), so the answer is built once per resolver answer and secret,
 * and handed out again without a copy.
 */
function withCredentials(
  resolution: Resolved<ProviderKey>,
  keys: OrganizationKeys,
): LocalResolution {
  const entry = keys.get(resolution.key.id)!;
  const credentials =
    resolution.key.provider === "bedrock"
      ? (entry.credentials as Record<string, unknown>)[resolution.region?.matched ?? GLOBAL_REGION]
      : entry.credentials;
  const built = answers.get(resolution);
  if (built !== undefined && built.credentials === credentials)
    return built as unknown as LocalResolution;
  const answer = new ResolvedWithCredentials(resolution, credentials);
  answers.set(resolution, answer);
  return answer as unknown as LocalResolution;
}

/**
 * A resolved answer that also hands out the key's secret. The secret is reachable only through
 * the `credentials` getter (on the prototype, reading a `#private` field): `util.inspect` with
 * `showHidden`, `%o`, `Object.getOwnPropertyDescriptors`, `JSON.stringify`, `structuredClone`
 * and `{ ...answer }` see the resolver's fields only. Frozen, like the resolver's answers, as
 * one instance serves every call that gets the same answer.
 */
class ResolvedWithCredentials {
  readonly #credentials: unknown;

  constructor(resolution: object, credentials: unknown) {
    Object.assign(this, resolution);
    this.#credentials = credentials;
    Object.freeze(this);
  }

  /** The chosen key's secret (Bedrock: the matched region entry), frozen. */
  get credentials(): unknown {
    return this.#credentials;
  }
}
