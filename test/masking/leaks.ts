/** Leak detection shared by the tests: a secret leaks when any 6-character window of it shows. */
import { inspect } from "node:util";
import { expect } from "vitest";

export const LEAK_WINDOW = 6;

/** Every distinct window of `size` characters of `secret`. */
export function windowsOf(secret: string, size = LEAK_WINDOW): string[] {
  const windows = new Set<string>();
  for (let start = 0; start + size <= secret.length; start++) {
    windows.add(secret.slice(start, start + size));
  }
  return [...windows];
}

/** The first window of `secret` found in `text`, or `undefined`. */
export function leakedWindow(text: string, secret: string): string | undefined {
  return windowsOf(secret).find((window) => text.includes(window));
}

/**
 * Everything an error shows a user or a log: message, issues, JSON, `util.inspect`, stack —
 * less the stack's `at …` frames, which name code (and would match random text such as
 * `operty` from `Property.run`), never data.
 */
export function everythingShownBy(error: unknown): string {
  const parts = [String(error), JSON.stringify(error), inspect(error, { depth: 10 })];
  if (error instanceof Error) parts.push(error.message, error.stack ?? "");
  if (typeof error === "object" && error !== null && "issues" in error) {
    parts.push(JSON.stringify(error.issues));
  }
  return parts
    .join("\n")
    .split("\n")
    .filter((line) => !/^\s+at /.test(line))
    .join("\n");
}

/** Fails with the leaked window (never the whole secret) when `error` shows any of `secrets`. */
export function expectNoLeak(error: unknown, secrets: readonly string[]): void {
  const shown = everythingShownBy(error);
  for (const secret of secrets) {
    expect(leakedWindow(shown, secret), "a window of a secret leaked").toBeUndefined();
  }
}

/** Runs `fn`, which must throw, and returns what it threw. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return expect.unreachable("expected the call to throw");
}
