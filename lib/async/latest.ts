/**
 * "Only the latest answer lands": a page asks the background again before the last answer came back (a
 * slider moved, the library changed), and a slow old answer must not overwrite a newer one.
 */
export interface LatestOnly {
  /** Starts an ask; the function returned says whether it is still the newest (no later `begin` or `cancel`). */
  begin(): () => boolean;
  /**
   * Asks, then hands the answer to `apply`, or the failure to `fail`, only if no newer ask started meanwhile;
   * an older ask's answer and failure are dropped. Without `fail`, the newest ask's failure rejects.
   */
  run<T>(ask: () => Promise<T>, apply: (value: T) => void, fail?: (error: unknown) => void): Promise<void>;
  /** Drops every answer still on its way (the page or component went away). */
  cancel(): void;
}

export function latestOnly(): LatestOnly {
  let asked = 0;
  const begin = () => {
    const mine = ++asked;
    return () => mine === asked;
  };
  return {
    begin,
    async run(ask, apply, fail) {
      const isLatest = begin();
      let value: Awaited<ReturnType<typeof ask>>;
      try {
        value = await ask();
      } catch (error) {
        if (!isLatest()) return;
        if (!fail) throw error;
        fail(error);
        return;
      }
      if (isLatest()) apply(value);
    },
    cancel() {
      asked++;
    },
  };
}
