import { ApiError, type ApiErrorInit } from "./api-error.js";

/** 429: too many requests; `retryAfterMs` is the server's `Retry-After`, when it sent one. */
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
  readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit & { readonly retryAfterMs?: number | undefined }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}
