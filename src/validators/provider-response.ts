import { raceAbort } from "./abortable.js";

/** A provider's answer, read once: status, headers and the JSON body (if it was JSON). */
export interface ProviderResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body; `undefined` when the body was empty or not JSON. */
  readonly body: unknown;
}

/** Reads `response` whole, settling as soon as `signal` aborts. */
export async function readProviderResponse(
  response: Response,
  signal: AbortSignal,
): Promise<ProviderResponse> {
  const text = await raceAbort(response.text(), signal);
  return { status: response.status, headers: response.headers, body: parseJson(text) };
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** True for a JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The fields providers use to describe an error, from the shapes they use. */
export interface ErrorDetail {
  readonly message?: string;
  readonly type?: string;
  readonly code?: string;
}

/**
 * Reads an error body in any of the usual shapes: `{ error: { message, type, code } }`
 * (OpenAI-like, Google's `status`), `{ type: "error", error: { type, message } }` (Anthropic),
 * `{ error, error_description }` (OAuth), `{ code, error: "sentence" }` (xAI), `{ message }`,
 * `{ detail }` (Mistral),
 * `{ __type, message }` (AWS).
 */
export function errorDetail(body: unknown): ErrorDetail {
  if (!isObject(body)) return {};
  const nested = isObject(body.error) ? body.error : undefined;
  // `error` is an OAuth code (`invalid_grant`) or, for xAI, the sentence itself.
  const bare = typeof body.error === "string" && body.error !== "" ? body.error : undefined;
  const bareIsCode = bare !== undefined && /^[A-Za-z_.]+$/.test(bare);
  const message =
    text(nested?.message) ??
    text(body.error_description) ??
    text(body.message) ??
    text(body.Message) ??
    text(body.detail) ??
    (bareIsCode ? undefined : bare);
  const type =
    text(nested?.type) ??
    text(nested?.status) ??
    (bareIsCode ? bare : undefined) ??
    text(body.__type) ??
    (body.type === "error" ? undefined : text(body.type));
  const code = text(nested?.code) ?? text(body.code);
  return {
    ...(message === undefined ? {} : { message }),
    ...(type === undefined ? {} : { type }),
    ...(code === undefined ? {} : { code }),
  };
}

function text(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), or `undefined`. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
