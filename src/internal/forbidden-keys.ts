/** Keys that can reach an object's prototype when copied; refused anywhere in input. */
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/**
 * The path of the first `__proto__`/`constructor`/`prototype` key in a JSON-like value, or
 * `undefined`. Depth is bounded by the caller's body limit; recursion stops at 64 levels.
 */
export function findForbiddenKey(
  value: unknown,
  path: string[] = [],
  depth = 0,
): string[] | undefined {
  if (depth > 64) return path;
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
