import { ApiError } from "./api-error.js";

/**
 * 402: the organization's usage limit or plan stops the request (Edgee's
 * `usage_limit_exceeded`; its older docs call 402 "Request Failed"). Not retried: waiting
 * does not lift a limit.
 *
 * @example
 * try {
 *   await client.providerKeys.list();
 * } catch (error) {
 *   if (error instanceof PaymentRequiredError) console.log("usage limit reached:", error.message);
 * }
 */
export class PaymentRequiredError extends ApiError {
  override name = "PaymentRequiredError";
}
