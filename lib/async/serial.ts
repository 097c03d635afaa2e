/** Runs async jobs one at a time, in the order they were given. */
export interface SerialQueue {
  /**
   * Runs `job` once every job given before it has settled, and answers with its result. A job that fails
   * rejects only its own caller's promise: the next job still runs. It may be passed around unbound.
   */
  run<T>(job: () => T | PromiseLike<T>): Promise<T>;
}

/**
 * A queue for work that must not interleave: two quick updates that would both read the same old value,
 * two clicks that would both write the same thing. Each job starts on a later microtask, even when the
 * queue is empty, so a caller's synchronous code always finishes first.
 */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(job) {
      const result = tail.then(job);
      // The queue goes on after a failure; the failure is the caller's, through `result`.
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
