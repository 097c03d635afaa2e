/**
 * The background's writers of the person's data, and the one thing that must not run beside them: "delete
 * everything" (and an import) must not be followed by a writer that was already under way writing its rows back
 * (a queue call's history, a saved session, a calibration). Each writer runs its work through `run`;
 * `exclusive` waits for every writer running, holds the ones that start meanwhile until its work is done,
 * then lets them go: they start after the reset, on the data as it is then.
 */
export interface Writers {
  /**
   * Runs `work` as the writer `name` (for reports and tests), once no `exclusive` is under way, and answers
   * with its result. `work` must not call `run` itself: an `exclusive` waiting for it would hold the inner
   * call, and neither would finish.
   */
  run<T>(name: string, work: () => T | PromiseLike<T>): Promise<T>;
  /**
   * Runs `work` once every writer running now has settled, holding every writer that starts meanwhile until
   * `work` has settled. Two `exclusive` calls run one after the other.
   */
  exclusive<T>(work: () => T | PromiseLike<T>): Promise<T>;
  /** The names of the writers running now, one per run (held writers are not running). */
  running(): string[];
}

export function createWriters(): Writers {
  const running = new Set<{ name: string; done: Promise<unknown> }>();
  /** `exclusive` calls not yet settled; while there is one, new writers wait for `released`. */
  let holding = 0;
  let released: Promise<void> = Promise.resolve();
  let release = (): void => undefined;
  let exclusives: Promise<unknown> = Promise.resolve();

  const writers: Writers = {
    run(name, work) {
      // Held until the data is theirs again; then they check once more (another exclusive may have begun).
      if (holding > 0) return released.then(() => writers.run(name, work));
      // Registered now, so an `exclusive` asked for right after this call waits for it.
      const result = Promise.resolve().then(work);
      const entry = { name, done: result };
      running.add(entry);
      const forget = () => void running.delete(entry);
      result.then(forget, forget);
      return result;
    },
    exclusive(work) {
      if (holding++ === 0) {
        released = new Promise<void>((resolve) => {
          release = resolve;
        });
      }
      const result = exclusives.then(async () => {
        await Promise.allSettled([...running].map((entry) => entry.done));
        return work();
      });
      exclusives = result.catch(() => undefined);
      return result.finally(() => {
        if (--holding === 0) release();
      });
    },
    running: () => [...running].map((entry) => entry.name),
  };
  return writers;
}
