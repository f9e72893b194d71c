import { ApiError } from "../errors/api-error.js";
import { ByokError } from "../errors/byok-error.js";
import { ConnectionError } from "../errors/connection-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { redactKnownSecrets } from "../masking/redact.js";
import type { CliIo, ExitCode } from "./io.js";

/**
 * Prints a failure: one line on stderr (`error: …`; `prefix` replaces `error`), or with `--json` one JSON object on stdout (the shape
 * docs/cli.md documents), scrubbed of anything shaped like a credential either way.
 */
export function reportError(
  error: unknown,
  exitCode: ExitCode,
  json: boolean,
  io: CliIo,
  prefix = "error",
): void {
  const message = redactKnownSecrets(describe(error));
  if (!json) {
    io.stderr(`${prefix}: ${message}\n`);
    return;
  }
  io.stdout(`${JSON.stringify({ error: jsonError(error, message, exitCode) })}\n`);
}

/** `{ name, message, exit_code }`, plus what the error class carries that a script may use. */
function jsonError(error: unknown, message: string, exitCode: ExitCode): Record<string, unknown> {
  const name = error instanceof ByokError ? error.name : "Error";
  const out: Record<string, unknown> = { name, message, exit_code: exitCode };
  if (error instanceof ApiError) {
    out.status = error.status;
    out.type = error.type;
    if (error.requestId) out.request_id = error.requestId;
    if (error.params.length > 0) out.params = error.params;
  }
  if (error instanceof ValidationError) {
    out.issues = error.issues.map((issue) => ({
      path: redactKnownSecrets(issue.path),
      message: redactKnownSecrets(issue.message),
    }));
  }
  // FileStoreError, ListenError: why, as a stable word.
  const reason = error instanceof ByokError ? (error as { reason?: unknown }).reason : undefined;
  if (typeof reason === "string") out.reason = reason;
  return out;
}

function describe(error: unknown): string {
  if (error instanceof ApiError) {
    const requestId = error.requestId ? ` (request ${error.requestId})` : "";
    return `${error.message}${requestId}`;
  }
  if (error instanceof ConnectionError) return `${error.message}${systemCodeOf(error)}`;
  if (error instanceof ByokError) return error.message;

  // Not ours: name it without trusting its message to be free of detail.
  return `unexpected ${error instanceof Error ? error.name : "failure"}`;
}

/**
 * ` (ECONNREFUSED)`: Node's fetch fails with a bare "fetch failed" whose cause holds the
 * system error code, the one clue to why a server cannot be reached. Only a code-shaped
 * value is shown.
 */
function systemCodeOf(error: ConnectionError): string {
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 3 && typeof cause === "object" && cause !== null; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z0-9_]{1,40}$/.test(code)) return ` (${code})`;
    cause = (cause as { cause?: unknown }).cause;
  }
  return "";
}
