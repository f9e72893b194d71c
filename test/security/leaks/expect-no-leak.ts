/**
 * The one leak assertion of the security suite: no window of 6 characters of any secret shows
 * in anything a caller, a log or a disk can see. Built on `test/masking/leaks.ts` (the same
 * window size and the same reading of errors), extended to any haystack: strings, errors with
 * their `cause` chain, `Headers`, `Response`-like captures, and any object through both
 * `JSON.stringify` and `util.inspect`.
 */
import { inspect } from "node:util";
import { expect } from "vitest";
import { everythingShownBy, LEAK_WINDOW, windowsOf } from "../../masking/leaks.js";

/** Everything `value` shows: as text, as JSON, through `util.inspect` (hidden fields too). */
export function shown(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Headers) return [...value].map(([k, v]) => `${k}: ${v}`).join("\n");
  if (value instanceof Error) return errorShown(value, 0);
  if (Array.isArray(value)) return value.map(shown).join("\n");
  return [
    jsonOf(value),
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ].join("\n");
}

/** An error as every reader sees it: message, stack, issues, params, JSON, inspect, causes. */
function errorShown(error: Error, depth: number): string {
  const parts = [
    everythingShownBy(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ];
  for (const field of ["params", "issues", "requestId", "type", "path"]) {
    if (field in error) parts.push(jsonOf((error as unknown as Record<string, unknown>)[field]));
  }
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && depth < 8) {
    parts.push(cause instanceof Error ? errorShown(cause, depth + 1) : shown(cause));
  }
  // `at …` frames name code, never data; the rest of the stack is the message again.
  return parts
    .join("\n")
    .split("\n")
    .filter((line) => !/^\s+at /.test(line))
    .join("\n");
}

function jsonOf(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

/**
 * The first window of `size` characters of any of `secrets` that occurs in `text`, with which
 * secret and where in it. One pass builds the set of the text's windows, so a long haystack
 * and a PEM-sized secret cost their lengths, not their product.
 */
export function findLeak(
  text: string,
  secrets: readonly string[],
  size = LEAK_WINDOW,
): { secret: number; offset: number } | undefined {
  const seen = new Set<string>();
  for (let start = 0; start + size <= text.length; start++)
    seen.add(text.slice(start, start + size));
  for (const [index, secret] of secrets.entries()) {
    const windows = windowsOf(secret, size);
    const found = windows.findIndex((window) => seen.has(window));
    if (found !== -1) return { secret: index, offset: secret.indexOf(windows[found]!) };
  }
  return undefined;
}

/**
 * Fails when anything `haystack` shows holds a window of 6 characters of any of `secrets`.
 * The failure names `where`, which secret and the offset, never the secret itself.
 *
 * @example
 * expectNoLeak([record, response.headers, error], secretsOf(credentials), "create response");
 */
export function expectNoLeak(
  haystack: unknown,
  secrets: readonly string[],
  where = "output",
  size = LEAK_WINDOW,
): void {
  const leak = findLeak(shown(haystack), secrets, size);
  if (leak) {
    expect.fail(
      `${where}: a ${size}-character window of secret #${leak.secret} (at offset ${leak.offset}) leaked`,
    );
  }
}

/** The secrets (or the windows of them) `text` holds: for asserting that a leak is by design. */
export function holdsSecret(haystack: unknown, secret: string): boolean {
  return shown(haystack).includes(secret);
}
