/** What a scrubbed fragment is replaced with. */
export const REDACTED = "[REDACTED]";

/** A fragment this long or longer, shared with a secret, counts as a leak. */
const MIN_LEAK = 6;

/**
 * Shapes of well-known credentials, scrubbed from any text that leaves the SDK even when we do
 * not know the secret itself (a provider echoing some other key, a server message).
 */
const KNOWN_SECRET_SHAPES: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b(?:sk|xai)-[A-Za-z0-9_*-]{6,}/g,
  /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,}/g,
  /\b[0-9a-f]{32}\.[A-Za-z0-9]{16}\b/g,
];

/**
 * Scrubs well-known credential shapes from `text`.
 *
 * @example
 * redactKnownSecrets("Incorrect API key provided: sk-proj-abcdef123"); // "Incorrect API key provided: [REDACTED]"
 */
export function redactKnownSecrets(text: string): string {
  let out = text;
  for (const shape of KNOWN_SECRET_SHAPES) out = out.replace(shape, REDACTED);
  return out;
}

/**
 * Removes from `text` every fragment of 6 or more characters that also occurs in one of
 * `secrets`, then every well-known credential shape. The one function every message that
 * can carry a provider's words goes through.
 *
 * @example
 * redactSecrets("bad key sk-abc…9XyZ12 given", ["sk-live-secret9XyZ12"]); // "bad key sk-abc…[REDACTED] given"
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const covered = new Uint8Array(text.length);
  let any = false;
  for (const secret of secrets) {
    for (let start = 0; start + MIN_LEAK <= secret.length; start++) {
      const window = secret.slice(start, start + MIN_LEAK);
      for (let at = text.indexOf(window); at !== -1; at = text.indexOf(window, at + 1)) {
        covered.fill(1, at, at + MIN_LEAK);
        any = true;
      }
    }
  }
  let out = text;
  if (any) {
    out = "";
    for (let i = 0; i < text.length; i++) {
      if (!covered[i]) out += text[i];
      else if (i === 0 || !covered[i - 1]) out += REDACTED;
    }
  }
  return redactKnownSecrets(out);
}
