import { redactSecrets } from "../masking/redact.js";

const MAX_DEPTH = 4;

/**
 * The `cause` a byokit error may keep of a failure it wraps (a `fetch` that rejected): the
 * original when nothing in it (message, stack, nested causes) holds a fragment of `secrets`
 * or a known credential shape; otherwise a copy of the same name with the message scrubbed
 * and no stack. A proxy's or a polyfill's `fetch` may quote the request it failed to send,
 * and `util.inspect` prints a cause in full.
 *
 * @example
 * new ConnectionError("POST /v1/… → network error", { cause: safeCause(error, ["sk-…"]) });
 */
export function safeCause(cause: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof cause === "string") return redactSecrets(cause, secrets);
  if (!(cause instanceof Error)) {
    const text = safeText(cause);
    return text !== undefined && isClean(text, secrets) ? cause : undefined;
  }
  const inner = (cause as { cause?: unknown }).cause;
  const cleanInner = depth < MAX_DEPTH ? safeCause(inner, secrets, depth + 1) : undefined;
  if (isClean(`${cause.message}\n${cause.stack ?? ""}`, secrets) && cleanInner === inner) {
    return cause;
  }
  const copy = new TypeError(redactSecrets(cause.message, secrets), { cause: cleanInner });
  copy.name = cause.name;
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

function isClean(text: string, secrets: readonly string[]): boolean {
  return redactSecrets(text, secrets) === text;
}

/** How a value prints, or `undefined` when it cannot be printed (such a value is not kept). */
function safeText(value: unknown): string | undefined {
  try {
    return `${String(value)}\n${JSON.stringify(value)}`;
  } catch {
    return undefined;
  }
}
