const encoder = new TextEncoder();

/**
 * Compares two strings in time that depends only on their lengths, not on where they first
 * differ, so a token cannot be guessed byte by byte from response times. Plain code rather
 * than `node:crypto.timingSafeEqual`, so it runs in browsers too.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  const length = Math.max(left.length, right.length);
  let difference = left.length ^ right.length;
  for (let i = 0; i < length; i++) difference |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return difference === 0;
}
