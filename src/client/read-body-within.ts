/** Stateless between calls: bodies are decoded whole, once read. */
const decoder = new TextDecoder();

/**
 * Reads a response body as text within `timeoutMs`; past it, cancels the stream (closing its
 * connection) and rejects with `onTimeout()`. ky's timeout stops once the headers arrive:
 * without this, a server that sends its headers and then dribbles (or never finishes) the
 * body would hold a call forever.
 */
export async function readBodyWithin(
  response: Response,
  timeoutMs: number,
  onTimeout: () => Error,
): Promise<string> {
  const body = response.body;
  if (body === null) return "";
  const reader = body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
  });
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), expired]);
      if (done) break;
      chunks.push(value);
      length += value.length;
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  const whole = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.length;
  }
  return decoder.decode(whole);
}
