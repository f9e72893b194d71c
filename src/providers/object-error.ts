import type * as z from "zod/mini";

/**
 * The error param for an object schema: `message` when the value is not an object at all,
 * zod's own issue (turned into "has unknown field …" by `toValidationIssues`) otherwise.
 */
export function objectError(message: string) {
  return {
    error: (issue: z.core.$ZodRawIssue) => (issue.code === "invalid_type" ? message : undefined),
  };
}
