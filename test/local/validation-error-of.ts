import { expect } from "vitest";
import { ValidationError } from "../../src/errors/validation-error.js";

/** The ValidationError `run` throws (the test fails if it returns or throws something else). */
export function validationErrorOf(run: () => unknown): ValidationError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ValidationError);
  return thrown as ValidationError;
}
