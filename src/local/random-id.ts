const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * `prefix` + `length` random base62 characters from the platform's CSPRNG (Node and
 * browsers): `randomId("pk_")` → `pk_4fQ9…` (24 characters, about 143 bits).
 */
export function randomId(prefix: string, length = 24): string {
  // 248 is the largest multiple of 62 below 256: rejecting bytes above it keeps every
  // character equally likely.
  let out = prefix;
  while (out.length < prefix.length + length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length))) {
      if (byte < 248 && out.length < prefix.length + length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}
