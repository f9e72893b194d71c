import { TimeoutError } from "../errors/timeout-error.js";
import type { ProbeContext, ProbeOutcome } from "./probe-outcome.js";
import { type ProviderResponse, readProviderResponse } from "./provider-response.js";
import { isNodeRuntime } from "./runtime.js";

/**
 * Sends one probe request through the context's `fetch` and classifies the answer. A request
 * that never got an answer becomes `network_error` or `timeout`; the caller's abort rejects.
 */
export async function sendProbe(
  label: string,
  request: Request,
  context: ProbeContext,
  classify: (response: ProviderResponse) => ProbeOutcome,
): Promise<ProbeOutcome> {
  let response: ProviderResponse;
  try {
    response = await readProviderResponse(await context.fetch(request), context.signal);
  } catch (error) {
    return transportFailure(label, new URL(request.url).host, error, context);
  }
  return classify(response);
}

/**
 * The outcome of a request that got no HTTP answer. Rethrows the caller's abort reason: a
 * caller who aborted wants no result.
 */
export function transportFailure(
  label: string,
  host: string,
  error: unknown,
  context: ProbeContext,
): ProbeOutcome {
  const { signal } = context;
  if (signal.aborted) {
    if (signal.reason instanceof TimeoutError) {
      return {
        status: "timeout",
        message: `${label} did not answer within ${context.timeoutMs} ms; test again, or raise timeoutMs.`,
      };
    }
    throw signal.reason;
  }
  if (!isNodeRuntime()) {
    return {
      status: "network_error",
      message: `Could not reach ${host}: network error or blocked by CORS. Check the connection, or test through \`byokit serve\`.`,
    };
  }
  return {
    status: "network_error",
    message: `Could not reach ${host} (${describeCause(error)}); check the network, DNS and proxy settings.`,
  };
}

/** `ECONNREFUSED`, `ENOTFOUND`…: the most specific words Node gives about a failed fetch. */
function describeCause(error: unknown): string {
  const cause = error instanceof Error ? (error.cause ?? error) : error;
  if (typeof cause === "object" && cause !== null) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") return code;
    const message = (cause as { message?: unknown }).message;
    if (typeof message === "string" && message !== "") return message.slice(0, 80);
  }
  return "network error";
}
