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
  const decoder = new TextDecoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
  });
  let text = "";
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), expired]);
      if (done) return text + decoder.decode();
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
