import { HttpError } from "./responses.js";

/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a request body as text, stopping (and cancelling the stream) as soon as it passes
 * {@link MAX_BODY_BYTES}: 413. An empty body reads as `""`.
 */
export async function readBodyText(request: Request): Promise<string> {
  const declared = Number(request.headers.get("Content-Length"));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, "invalid_request_error", "the request body is not valid UTF-8");
  }
}

/**
 * Parses a body read by {@link readBodyText}: `undefined` when it is empty. A body needs a JSON
 * content type (415 otherwise: a `text/plain` body is a client bug worth reporting), and
 * malformed JSON is a 400 that never quotes the text it could not parse.
 */
export function parseJsonBody(text: string, contentType: string | null): unknown {
  if (text.trim() === "") return undefined;
  if (!isJsonContentType(contentType ?? "")) {
    throw new HttpError(
      415,
      "invalid_request_error",
      "the request body must be JSON, sent with Content-Type: application/json",
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_request_error", "the request body is not valid JSON");
  }
}

/** Reads and parses a JSON body; `undefined` when there is none. */
export async function readJsonBody(request: Request): Promise<unknown> {
  return parseJsonBody(await readBodyText(request), request.headers.get("Content-Type"));
}

function isJsonContentType(value: string): boolean {
  const mediaType = value.split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

function tooLarge(): HttpError {
  return new HttpError(
    413,
    "invalid_request_error",
    `the request body is larger than ${MAX_BODY_BYTES} bytes`,
  );
}
