/** The resources the backend serves, under `/v1/organizations/{org_id}`. */
export type RouteName =
  | "providerKeys"
  | "providerKey"
  | "testProviderKey"
  | "testStoredProviderKey"
  | "resolveProviderKey"
  | "apiKeys"
  | "apiKey"
  | "revealApiKey"
  | "getOrCreateApiKey"
  | "organizations"
  | "organization";

/** The methods each resource answers; anything else is a 405 that lists them in `Allow`. */
export const ALLOWED_METHODS: { readonly [R in RouteName]: readonly string[] } = {
  providerKeys: ["GET", "POST"],
  // POST is the update Edgee's convention implies (`POST /api_keys/{id}`); PATCH stays for
  // byokit's earlier clients.
  providerKey: ["GET", "POST", "PATCH", "DELETE"],
  testProviderKey: ["POST"],
  testStoredProviderKey: ["POST"],
  resolveProviderKey: ["POST"],
  apiKeys: ["GET", "POST"],
  apiKey: ["GET", "POST", "PATCH", "DELETE"],
  revealApiKey: ["GET"],
  getOrCreateApiKey: ["POST"],
  organizations: ["GET"],
  organization: ["GET"],
};

export interface RouteMatch {
  readonly route: RouteName;
  /** `""` for `organizations`, the one route outside an organization. */
  readonly organizationId: string;
  /** The provider key or API key id of `{id}` routes. */
  readonly id?: string;
}

/**
 * The methods the resource at `pathname` answers, for the `Allow` of a 405, or `undefined`
 * when no resource lives there.
 */
export function allowedMethodsAt(pathname: string): readonly string[] | undefined {
  const match = matchRoute(pathname);
  return match ? ALLOWED_METHODS[match.route] : undefined;
}

/**
 * Matches a URL path to a resource of the API (the same paths as `src/internal/routes.ts`
 * builds), or `undefined`. Segments are percent-decoded; an empty, `.` or `..` segment never
 * matches, so an id cannot climb out of its collection.
 */
export function matchRoute(pathname: string): RouteMatch | undefined {
  const segments = decodeSegments(pathname);
  if (!segments) return undefined;
  const [v1, organizations, organizationId, collection, id, action, ...rest] = segments;
  if (v1 !== "v1" || organizations !== "organizations") return undefined;
  if (!organizationId)
    return segments.length === 2 ? { route: "organizations", organizationId: "" } : undefined;
  if (rest.length > 0) return undefined;
  if (collection === undefined) return { route: "organization", organizationId };
  if (collection === "api_keys") return matchApiKeys(organizationId, id, action);
  if (collection !== "provider-keys") return undefined;
  if (id === undefined) return { route: "providerKeys", organizationId };
  if (action === undefined) {
    if (id === "test") return { route: "testProviderKey", organizationId };
    if (id === "resolve") return { route: "resolveProviderKey", organizationId };
    return { route: "providerKey", organizationId, id };
  }
  if (action === "test") return { route: "testStoredProviderKey", organizationId, id };
  return undefined;
}

function matchApiKeys(
  organizationId: string,
  id: string | undefined,
  action: string | undefined,
): RouteMatch | undefined {
  if (id === undefined) return { route: "apiKeys", organizationId };
  if (action === undefined) {
    if (id === "get-or-create") return { route: "getOrCreateApiKey", organizationId };
    return { route: "apiKey", organizationId, id };
  }
  return action === "reveal" ? { route: "revealApiKey", organizationId, id } : undefined;
}

function decodeSegments(pathname: string): string[] | undefined {
  if (!pathname.startsWith("/")) return undefined;
  const segments: string[] = [];
  for (const raw of pathname.slice(1).split("/")) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === "" || segment === "." || segment === "..") return undefined;
    segments.push(segment);
  }
  return segments;
}
