import type { ValidationIssue } from "../errors/validation-error.js";
import { formatPath } from "./to-validation-issues.js";

/** Keys that can reach an object's prototype when copied; refused anywhere in input. */
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);
const MAX_DEPTH = 64;

/**
 * The path of the first `__proto__`/`constructor`/`prototype` key in a JSON-like value, or
 * `undefined`. Depth is bounded by the caller's body limit; recursion stops at 64 levels.
 */
export function findForbiddenKey(
  value: unknown,
  path: string[] = [],
  depth = 0,
): string[] | undefined {
  if (depth > MAX_DEPTH) return path;
  if (typeof value !== "object" || value === null) return undefined;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN.has(key)) return [...path, key];
    const found = findForbiddenKey(
      (value as Record<string, unknown>)[key],
      [...path, key],
      depth + 1,
    );
    if (found) return found;
  }
  return undefined;
}

/**
 * The issue for a path {@link findForbiddenKey} returned, under `prefix`. A path that ends
 * deeper than 64 levels ends at an arbitrary key, which may be a pasted secret: it is
 * reported as too deep, naming no key.
 */
export function forbiddenKeyIssue(
  found: readonly string[],
  prefix: readonly string[] = [],
): ValidationIssue {
  const key = found.at(-1);
  if (key !== undefined && FORBIDDEN.has(key)) {
    return {
      path: formatPath([...prefix, ...found.slice(0, -1)]),
      message: `must not contain the key ${key}`,
    };
  }
  return {
    path: formatPath(prefix),
    message: `must not be nested more than ${MAX_DEPTH} levels deep`,
  };
}
