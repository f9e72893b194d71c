import type { ProbeOutcome } from "./probe-outcome.js";
import { errorDetail, isObject, type ProviderResponse, retryAfterMs } from "./provider-response.js";
import type { CredentialStatus } from "./types.js";

/** Longest provider wording quoted in a message. */
const MAX_DETAIL = 160;

/**
 * An outcome for an answer of the provider: `message` says what to do next, and the provider's
 * own words (if any) follow, shortened. `testCredentials()` scrubs the whole message later.
 */
export function answer(
  status: CredentialStatus,
  response: ProviderResponse,
  message: string,
): ProbeOutcome {
  const detail = errorDetail(response.body).message;
  const quoted = detail === undefined ? "" : ` Provider said: "${shorten(detail)}"`;
  return { status, message: `${message}${quoted}`, http_status: response.status };
}

/** A rate-limit outcome carrying `Retry-After` when the provider sent one. */
export function rateLimited(label: string, response: ProviderResponse): ProbeOutcome {
  const waitMs = retryAfterMs(response.headers);
  const when =
    waitMs === undefined ? "wait a little" : `wait ${Math.ceil(waitMs / 1000)} s (Retry-After)`;
  const outcome = answer(
    "rate_limited",
    response,
    `${label} is rate limiting this key (${response.status}); the key itself was not rejected: ${when} and test again.`,
  );
  return waitMs === undefined ? outcome : { ...outcome, retry_after_ms: waitMs };
}

/** A 2xx with the expected body is valid; anything else in a 2xx is unexpected. */
export function successOrUnexpected(
  label: string,
  response: ProviderResponse,
  isExpectedBody: (body: unknown) => boolean,
): ProbeOutcome {
  if (isExpectedBody(response.body)) {
    return {
      status: "valid",
      message: `${label} accepted the credentials.`,
      http_status: response.status,
    };
  }
  return {
    status: "unexpected_response",
    message: `${label} answered ${response.status} with a body byokit does not recognise; check that no proxy rewrites the answer, then test again.`,
    http_status: response.status,
  };
}

/** The classification shared by every provider once its own special cases are handled. */
export function classifyByStatus(
  label: string,
  response: ProviderResponse,
  isExpectedBody: (body: unknown) => boolean,
): ProbeOutcome {
  const { status } = response;
  if (status >= 200 && status < 300) return successOrUnexpected(label, response, isExpectedBody);
  if (status === 401) {
    return answer(
      "invalid_credentials",
      response,
      `${label} rejected the key (401): check that it was copied whole and not revoked, or create a new one.`,
    );
  }
  if (status === 403) {
    return answer(
      "permission_denied",
      response,
      `${label} accepted the key but refused the request (403): check the key's permissions and the account's settings.`,
    );
  }
  if (status === 402) {
    return answer(
      "quota_exceeded",
      response,
      `${label} reports a billing problem (402): add credit or check the account's billing.`,
    );
  }
  if (status === 429) return rateLimited(label, response);
  if (status >= 500) {
    return answer(
      "unexpected_response",
      response,
      `${label} had a server error (${status}); nothing is known about the key: test again later.`,
    );
  }
  return answer(
    "unexpected_response",
    response,
    `${label} answered ${status}, which byokit does not expect here; test again, and check the provider's status page.`,
  );
}

/** `{ data: [...] }`: the list shape of OpenAI-like model listings. */
export function hasDataArray(body: unknown): boolean {
  return isObject(body) && Array.isArray(body.data);
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= MAX_DETAIL ? oneLine : `${oneLine.slice(0, MAX_DETAIL - 1)}…`;
}
