import { expect } from "vitest";
import { ValidationError } from "../../src/errors/validation-error.js";
import { thrownBy } from "../masking/leaks.js";

/** Runs `fn`, asserts it threw a `ValidationError`, and returns it. */
export function rejectionOf(fn: () => unknown): ValidationError {
  const error = thrownBy(fn);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

/** The issue at `path`, asserting there is one. */
export function issueAt(error: ValidationError, path: string) {
  const issue = error.issues.find((candidate) => candidate.path === path);
  expect(issue, `no issue at ${path}; got ${JSON.stringify(error.issues)}`).toBeDefined();
  return issue!;
}
