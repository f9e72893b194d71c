// PLACEHOLDER until the validators issue lands: only injected validators run.
import { ValidationError } from "../errors/validation-error.js";
import type { TestCredentialsOptions, TestResult } from "./types.js";

export async function testCredentials(
  provider: string,
  providerKey: unknown,
  options: TestCredentialsOptions = {},
): Promise<TestResult> {
  const validator = options.validators?.[provider];
  if (!validator)
    throw new ValidationError([{ path: "provider", message: "has no validator yet" }]);
  const controller = new AbortController();
  return validator(providerKey, {
    fetch: options.fetch ?? globalThis.fetch,
    signal: options.signal ?? controller.signal,
  });
}
