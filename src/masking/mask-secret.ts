/**
 * Public prefixes that identify a key's kind without revealing it, longest first so that
 * `sk-ant-api03-` wins over `sk-`.
 */
const PUBLIC_PREFIXES = [
  "sk-ant-admin01-",
  "sk-ant-api03-",
  "sk-ant-",
  "sk-svcacct-",
  "sk-admin-",
  "sk-proj-",
  "sk-",
  "xai-",
  "AKIA",
  "ASIA",
  "ABIA",
  "ACCA",
] as const;

/** Below this length a mask shows none of the secret's own characters. */
const MIN_LENGTH_TO_SHOW_TAIL = 16;
const SHOWN_TAIL = 4;
const ELLIPSIS = "...";

/**
 * Masks a secret for display: its public prefix and at most its last 4 characters, so 22
 * characters at most (the longest prefix has 15; test/masking/mask-secret.test.ts holds every
 * mask to 24).
 *
 * @example
 * maskSecret("sk-proj-AbCdEfGh1234567890WXYZ"); // "sk-proj-...WXYZ"
 * maskSecret("sk-short");                        // "sk-..."
 */
export function maskSecret(secret: string): string {
  const prefix =
    PUBLIC_PREFIXES.find((p) => secret.startsWith(p) && secret.length > p.length) ?? "";
  const tail = secret.length >= MIN_LENGTH_TO_SHOW_TAIL ? secret.slice(-SHOWN_TAIL) : "";
  return `${prefix}${ELLIPSIS}${tail}`;
}
