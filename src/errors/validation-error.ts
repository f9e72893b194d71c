import { ByokError } from "./byok-error.js";

/** One rejected field: where (`provider_key.us-east-1.access_key_id`) and what is expected. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Input rejected before any request was sent or anything was written. The message and the
 * issues name fields and expectations, never the values they rejected.
 */
export class ValidationError extends ByokError {
  override name = "ValidationError";
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super(issues.map(({ path, message }) => (path ? `${path}: ${message}` : message)).join("; "));
    this.issues = issues;
  }
}
