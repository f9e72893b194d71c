import { ApiError, type ApiErrorInit } from "./api-error.js";
import { AuthenticationError } from "./authentication-error.js";
import { BadRequestError } from "./bad-request-error.js";
import { ConflictError } from "./conflict-error.js";
import { ForbiddenError } from "./forbidden-error.js";
import { InternalServerError } from "./internal-server-error.js";
import { NotFoundError } from "./not-found-error.js";
import { PaymentRequiredError } from "./payment-required-error.js";
import { PreconditionFailedError } from "./precondition-failed-error.js";
import { RateLimitError } from "./rate-limit-error.js";

const byStatus: Readonly<Record<number, new (init: ApiErrorInit) => ApiError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: PaymentRequiredError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  412: PreconditionFailedError,
};

/**
 * The one place that maps an HTTP status (and Edgee's `error.type`) to an error class.
 * `creation_error`/`update_error`/`deletion_error` keep their type but follow their status.
 */
export function createApiError(
  init: ApiErrorInit & { readonly retryAfterMs?: number | undefined },
): ApiError {
  if (init.status === 429 || init.type === "rate_limit_error") return new RateLimitError(init);
  if (init.status >= 500) return new InternalServerError(init);
  const ErrorClass = byStatus[init.status] ?? ApiError;
  return new ErrorClass(init);
}
