import { ValidationError } from "../errors/validation-error.js";

/**
 * Every path and method of the Console API, in one place. Each route says where it comes from
 * (DESIGN.md's words): documented (Edgee's public docs), observed (what Edgee's own client
 * reads from the real service), inferred (Edgee's conventions for its other resources) or
 * extension (byokit's own). The inferred ones are easy to correct here.
 */
export const API_BASE_URL = "https://api.edgee.app";

const org = (organizationId: string) => `/v1/organizations/${encodeSegment(organizationId)}`;

export const routes = {
  /** documented (https://www.edgee.ai/docs/api-reference/console-api-provider-keys) */
  createProviderKey: (o: string) => ({ method: "POST", path: `${org(o)}/provider-keys` }),
  /** observed: Edgee's own client reads a raw JSON array; paging and filters are extensions */
  listProviderKeys: (o: string) => ({ method: "GET", path: `${org(o)}/provider-keys` }),
  /** inferred (Edgee's `GET /api_keys/{id}`); `ETag` is an extension */
  getProviderKey: (o: string, id: string) => ({
    method: "GET",
    path: `${org(o)}/provider-keys/${encodeSegment(id)}`,
  }),
  /**
   * inferred from Edgee's documented update `POST /api_keys/{id}`; `If-Match` is an extension.
   * byokit's local backend also takes `PATCH`.
   */
  updateProviderKey: (o: string, id: string) => ({
    method: "POST",
    path: `${org(o)}/provider-keys/${encodeSegment(id)}`,
  }),
  /** inferred (Edgee's documented `DELETE /api_keys/{id}`) */
  deleteProviderKey: (o: string, id: string) => ({
    method: "DELETE",
    path: `${org(o)}/provider-keys/${encodeSegment(id)}`,
  }),
  /** extension */
  testProviderKey: (o: string) => ({ method: "POST", path: `${org(o)}/provider-keys/test` }),
  /** extension */
  testStoredProviderKey: (o: string, id: string) => ({
    method: "POST",
    path: `${org(o)}/provider-keys/${encodeSegment(id)}/test`,
  }),
  /** extension */
  resolveProviderKey: (o: string) => ({ method: "POST", path: `${org(o)}/provider-keys/resolve` }),
  /** documented (https://www.edgee.ai/docs/api-reference/console-api-manage-gateway-api-keys); observed: a raw array */
  listApiKeys: (o: string) => ({ method: "GET", path: `${org(o)}/api_keys` }),
  /** documented by Edgee */
  createApiKey: (o: string) => ({ method: "POST", path: `${org(o)}/api_keys` }),
  /** observed (Edgee's own client; 404 = gone) */
  getApiKey: (o: string, id: string) => ({
    method: "GET",
    path: `${org(o)}/api_keys/${encodeSegment(id)}`,
  }),
  /** documented by Edgee (update by POST) */
  updateApiKey: (o: string, id: string) => ({
    method: "POST",
    path: `${org(o)}/api_keys/${encodeSegment(id)}`,
  }),
  /** documented by Edgee */
  deleteApiKey: (o: string, id: string) => ({
    method: "DELETE",
    path: `${org(o)}/api_keys/${encodeSegment(id)}`,
  }),
  /** documented by Edgee */
  revealApiKey: (o: string, id: string) => ({
    method: "GET",
    path: `${org(o)}/api_keys/${encodeSegment(id)}/reveal`,
  }),
  /** observed (Edgee's own client) */
  getOrCreateApiKey: (o: string) => ({ method: "POST", path: `${org(o)}/api_keys/get-or-create` }),
  /** observed (Edgee's own client): `{ data: [...] }` */
  listOrganizations: () => ({ method: "GET", path: "/v1/organizations" }),
  /** observed (Edgee's own client) */
  getOrganization: (o: string) => ({ method: "GET", path: org(o) }),
} as const satisfies Record<string, (...args: string[]) => { method: string; path: string }>;

/**
 * Encodes one path segment and refuses the ones that would change the path's meaning, so an
 * id can never climb out of its collection.
 */
export function encodeSegment(segment: string): string {
  if (segment === "" || segment === "." || segment === "..") {
    throw new ValidationError([
      { path: "id", message: 'must not be empty, "." or "..": it goes into a URL path' },
    ]);
  }
  return encodeURIComponent(segment);
}
