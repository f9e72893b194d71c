/**
 * Settles with `promise`, or rejects with `signal.reason` as soon as `signal` aborts. Probes
 * must end on time even when a `fetch` (or a body read) ignores its signal.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // The loser may still reject later; nobody is listening then.
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** A `fetch` that sends `signal` with every request and settles as soon as it aborts. */
export function abortableFetch(
  fetch: typeof globalThis.fetch,
  signal: AbortSignal,
): typeof globalThis.fetch {
  return (input, init) =>
    raceAbort(fetch(input, { ...init, signal: init?.signal ?? signal }), signal);
}
