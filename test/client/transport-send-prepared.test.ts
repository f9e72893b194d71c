/**
 * The hand-over from ky to the `fetch` that sends (`sendPrepared`): ky's prepared Request goes
 * on as its URL and an init (method, headers, the client's own body text, signal), so a
 * user's fetch sees what ky built, and no stream is copied on the way.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { sendPrepared } from "../../src/client/send-prepared.js";

type Sent = [input: RequestInfo | URL, init: RequestInit | undefined];

/** A fetch that records its arguments and answers 204. */
function recordingFetch() {
  const calls: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push([input, init]);
    return new Response(null, { status: 204 });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("sendPrepared", () => {
  it("sends a Request on as its URL and its method, headers, the given body text and signal", async () => {
    const { fetch, calls } = recordingFetch();
    const controller = new AbortController();
    const request = new Request("https://api.edgee.app/v1/organizations/org_1/provider-keys", {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "k-1" },
      body: "ignored: ky's copy of the body",
      signal: controller.signal,
    });

    await sendPrepared(fetch, '{"name":"a"}')(request, {});

    expect(calls).toHaveLength(1);
    const [input, init] = calls[0]!;
    expect(input).toBe("https://api.edgee.app/v1/organizations/org_1/provider-keys");
    expect(init?.method).toBe("POST");
    expect(new Headers(init?.headers).get("idempotency-key")).toBe("k-1");
    expect(init?.body).toBe('{"name":"a"}');
    controller.abort();
    expect(init?.signal?.aborted).toBe(true);
  });

  it("sends no body when it was given no body text", async () => {
    const { fetch, calls } = recordingFetch();
    await sendPrepared(fetch)(new Request("https://api.edgee.app/v1/organizations"), {});
    const [, init] = calls[0]!;
    expect(init?.method).toBe("GET");
    expect(init?.body).toBeNull();
  });

  it("passes what is not a Request on untouched", async () => {
    const { fetch, calls } = recordingFetch();
    const init = { method: "DELETE" };
    await sendPrepared(fetch)("https://api.edgee.app/v1/organizations/org_1", init);
    expect(calls).toEqual([["https://api.edgee.app/v1/organizations/org_1", init]]);
  });

  it("uses the global fetch when none was injected, at the time of the call", async () => {
    const { fetch, calls } = recordingFetch();
    const send = sendPrepared(undefined);
    vi.spyOn(globalThis, "fetch").mockImplementation(fetch);
    await send(new Request("https://api.edgee.app/v1/organizations"), {});
    expect(calls.map(([input]) => input)).toEqual(["https://api.edgee.app/v1/organizations"]);
  });
});
