import type { ApiErrorParam } from "../../errors/api-error.js";

/** Edgee's error types, by the status they go with. */
export type ErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "forbidden_error"
  | "not_found_error"
  | "conflict_error"
  | "precondition_failed_error"
  | "rate_limit_error"
  | "api_error";

/** The body of every error response: `{ error: { type, message, params? } }`. */
export interface ErrorBody {
  readonly error: {
    readonly type: ErrorType;
    readonly message: string;
    readonly params?: readonly ApiErrorParam[];
  };
}

/** Headers every response carries: JSON, never cached (records describe secrets), a request id. */
function baseHeaders(requestId: string, extra?: HeadersInit): Headers {
  const headers = new Headers(extra);
  headers.set("Content-Type", "application/json; charset=utf-8");
  headers.set("Cache-Control", "no-store");
  headers.set("X-Request-Id", requestId);
  return headers;
}

/** A JSON response with the backend's standard headers. */
export function jsonResponse(
  requestId: string,
  status: number,
  body: unknown,
  headers?: HeadersInit,
): Response {
  return new Response(JSON.stringify(body), { status, headers: baseHeaders(requestId, headers) });
}

/** An error response in Edgee's envelope. `params` is left out when it names nothing. */
export function errorResponse(
  requestId: string,
  status: number,
  type: ErrorType,
  message: string,
  options: { params?: readonly ApiErrorParam[]; headers?: HeadersInit } = {},
): Response {
  const error: ErrorBody["error"] =
    options.params && options.params.length > 0
      ? { type, message, params: options.params }
      : { type, message };
  return jsonResponse(requestId, status, { error }, options.headers);
}

/** A thrown answer: handlers throw it to stop early with an error response. */
export class HttpError {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    readonly message: string,
    readonly params: readonly ApiErrorParam[] = [],
    readonly headers?: HeadersInit,
  ) {}

  toResponse(requestId: string): Response {
    return errorResponse(requestId, this.status, this.type, this.message, {
      params: this.params,
      ...(this.headers ? { headers: this.headers } : {}),
    });
  }
}

/** 400 naming one parameter. */
export function badParam(param: string, message: string): HttpError {
  return new HttpError(400, "invalid_request_error", `${param}: ${message}`, [{ param, message }]);
}
