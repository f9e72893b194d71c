/**
 * `byokit/resolver`: which provider key serves a request. Pure and dependency-free, so the
 * same code runs in a gateway's hot path and on an admin page.
 */
export { createResolver } from "./create-resolver.js";
export type {
  LintFinding,
  RegionUnavailable,
  Rejected,
  Resolution,
  ResolutionScope,
  ResolvableKey,
  Resolved,
  ResolvedRegion,
  ResolveQuery,
  Resolver,
  ResolverApiKey,
  ResolverOptions,
  Unassigned,
} from "./types.js";
