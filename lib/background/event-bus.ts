import type { BackgroundEvents, EventBus } from './context';

type Listener = (value: never) => unknown;

/**
 * A minimal typed event bus. Listeners run synchronously, in order; one failing does not stop the rest. A
 * listener may return a promise for the work it started: the bus reports its failure and `idle()` waits for
 * it, so a test (or anyone) can wait until an event has been fully handled.
 */
export function createEventBus(report: (error: unknown) => void): EventBus {
  const listeners = new Map<keyof BackgroundEvents, Set<Listener>>();
  /** The listeners' work still under way, each already caught. */
  const pending = new Set<Promise<void>>();

  const track = (work: PromiseLike<unknown>) => {
    const settled: Promise<void> = Promise.resolve(work)
      .then(() => undefined, report)
      .finally(() => pending.delete(settled));
    pending.add(settled);
  };

  return {
    emit(event, value) {
      for (const listener of listeners.get(event) ?? []) {
        try {
          const result = (listener as (v: typeof value) => unknown)(value);
          if (isPromiseLike(result)) track(result);
        } catch (error) {
          report(error);
        }
      }
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
    async idle() {
      // Work may emit again and so start more work before it settles: wait until none is left.
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
