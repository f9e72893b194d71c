/**
 * Runs async tasks one at a time, in the order they were queued: the backend's writes (so
 * an `If-Match` check and its write are one step) and the file store's file replacements.
 * A task that fails does not stop the ones behind it.
 */
export function createWriteQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
}
