import { redactKnownSecrets } from "../masking/redact.js";
import { ByokError } from "./byok-error.js";

/** One field named by an API error: `{ param: "name", message: "too long" }`. */
export interface ApiErrorParam {
  readonly param: string;
  readonly message: string;
}

export interface ApiErrorInit {
  readonly status: number;
  /** Edgee's `error.type`, such as `invalid_request_error` (the status's type when not sent). */
  readonly type: string;
  /** Edgee's `error.code`, such as `usage_limit_exceeded`, when the server sent one. */
  readonly code?: string | undefined;
  /** The server's own message (already free of secrets on byokit servers; scrubbed again here). */
  readonly detail: string;
  readonly method: string;
  /** The URL path, without query string or host. */
  readonly path: string;
  readonly requestId?: string | undefined;
  readonly params?: readonly ApiErrorParam[] | undefined;
}

/**
 * The API answered with an error. The message reads
 * `POST /v1/organizations/org_1/provider-keys → 400 invalid_request_error: name: too long`
 * and never carries a header, a body or a credential.
 */
export class ApiError extends ByokError {
  override name = "ApiError";
  readonly status: number;
  readonly type: string;
  /** Edgee's machine-readable `error.code` (its current error shape), when it sent one. */
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly params: readonly ApiErrorParam[];
  readonly method: string;
  readonly path: string;

  constructor(init: ApiErrorInit) {
    const params = (init.params ?? []).map((p) =>
      Object.freeze({ param: redactKnownSecrets(p.param), message: redactKnownSecrets(p.message) }),
    );
    const detail = redactKnownSecrets(init.detail);
    // The type comes from the response body too, and lands in the message and in JSON.
    const type = redactKnownSecrets(init.type);
    const code = init.code === undefined ? undefined : redactKnownSecrets(init.code);
    const named = params.map((p) => `${p.param}: ${p.message}`).join("; ");
    const reason = named && !detail.includes(named) ? `${detail} (${named})` : detail;
    super(
      `${init.method} ${init.path} → ${init.status} ${code ?? type}${reason ? `: ${reason}` : ""}`,
    );
    this.status = init.status;
    this.type = type;
    this.code = code;
    this.requestId = init.requestId;
    this.params = Object.freeze(params);
    this.method = init.method;
    this.path = init.path;
  }
}
