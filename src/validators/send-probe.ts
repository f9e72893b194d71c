import { TimeoutError } from "../errors/timeout-error.js";
import type { ProbeContext, ProbeOutcome } from "./probe-outcome.js";
import { type ProviderResponse, readProviderResponse } from "./provider-response.js";
import { RedirectRefusedError } from "./redirect-refused-error.js";
import { RefusedDestinationError } from "./refused-destination-error.js";
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
 * The outcome of a request that got no HTTP answer (or one byokit would not follow). Rethrows
 * the caller's abort reason: a caller who aborted wants no result. A failed connection has one
 * wording, whatever the cause (refused, reset, DNS, TLS): which one it was would tell a
 * caller which internal ports are open.
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
  const redirect = causeOfType(error, RedirectRefusedError);
  if (redirect) {
    const where =
      redirect.target === undefined ? "a location it did not disclose" : redirect.target;
    return {
      status: "unexpected_response",
      message: `${label} answered with a redirect to ${where}; byokit does not follow redirects (the credentials would go along), so the key was not checked. Check the endpoint, and any proxy on the way.`,
    };
  }
  const refused = causeOfType(error, RefusedDestinationError);
  if (refused) {
    return {
      status: "network_error",
      message: `byokit did not connect to ${host}: it resolves to a private, loopback or link-local address, where no provider lives; the key was not checked. To test a provider on a private network, allow it (network.allowPrivateNetworks, or byokit serve --allow-private-networks).`,
    };
  }
  if (!isNodeRuntime()) {
    return {
      status: "network_error",
      message: `Could not reach ${host}: the key was not checked (network error or blocked by CORS). Check the connection, or test through \`byokit serve\`.`,
    };
  }
  return {
    status: "network_error",
    message: `Could not reach ${host}: the key was not checked (no connection: DNS, refused, reset or TLS). Check the network, DNS and proxy settings, then test again.`,
  };
}

/** `error`, or its `cause` (fetch wraps what failed in a `TypeError`), when of `type`. */
function causeOfType<T>(error: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  if (error instanceof type) return error;
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof type ? cause : undefined;
}
