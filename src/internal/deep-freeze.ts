/**
 * Freezes `value` and every object and array inside it, in place, and returns it. The local
 * backend freezes each stored secret once, so `local.resolve()` can hand the same object to
 * every caller without a copy: no caller can change what the next one is given. An object
 * frozen only on the surface is still walked (its insides may not be).
 *
 * @example
 * const credentials = deepFreeze({ global: { access_key_id: "AKIA…", secret_access_key: "…" } });
 * credentials.global.secret_access_key = "x"; // TypeError in strict mode; unchanged either way
 */
export function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
  if (typeof value !== "object" || value === null || seen.has(value)) return value;
  seen.add(value);
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) {
    deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
  }
  return value;
}
