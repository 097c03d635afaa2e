import { z } from 'zod';

/*
 * How many requests MoodDJ sent the Web API: in 5-minute slots over the last 24 hours, enough to say "in the
 * last hour" and "in the last 24 hours" (Spotify counts its development-mode quota over a rolling day). Counted
 * in memory and kept at most every `FLUSH_MS`, so counting costs no write per request.
 */

export const SLOT_MS = 5 * 60_000;
const DAY_MS = 24 * 60 * 60_000;
const HOUR_MS = 60 * 60_000;
/** The most counts lost when the worker stops between two writes. */
export const FLUSH_MS = 30_000;

export const usageSchema = z.strictObject({
  /** [slot start (epoch ms, a multiple of SLOT_MS), requests in it]. */
  slots: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])).max(DAY_MS / SLOT_MS + 1),
});
export type Usage = z.infer<typeof usageSchema>;

export interface UsageSummary {
  lastHour: number;
  lastDay: number;
}

export interface UsageStore {
  get(): Promise<Usage>;
  set(usage: Usage): Promise<void>;
}

/** The requests in the slots that overlap the last `spanMs` before `now`. */
export function summarise(usage: Usage, now: number): UsageSummary {
  const sum = (spanMs: number) =>
    usage.slots.filter(([start]) => start + SLOT_MS > now - spanMs).reduce((total, [, count]) => total + count, 0);
  return { lastHour: sum(HOUR_MS), lastDay: sum(DAY_MS) };
}

/** One more request at `now`; slots older than a day go. */
export function counted(usage: Usage, now: number): Usage {
  const slot = now - (now % SLOT_MS);
  const slots = usage.slots.filter(([start]) => start + SLOT_MS > now - DAY_MS && start !== slot);
  const current = usage.slots.find(([start]) => start === slot)?.[1] ?? 0;
  return { slots: [...slots, [slot, current + 1]] };
}

export interface RequestLog {
  /** One request went out. */
  count(): void;
  summary(): Promise<UsageSummary>;
}

export function createRequestLog(deps: {
  store: UsageStore;
  now: () => number;
  setTimeout: (run: () => void, ms: number) => unknown;
  report: (error: unknown) => void;
}): RequestLog {
  let usage: Usage | null = null;
  let pending = 0;
  let flushing = false;
  const load = async () => {
    usage ??= await deps.store.get();
    return usage;
  };
  async function flush(): Promise<void> {
    flushing = false;
    let current = await load();
    for (; pending > 0; pending--) current = counted(current, deps.now());
    usage = current;
    await deps.store.set(current);
  }
  return {
    count() {
      pending++;
      if (flushing) return;
      flushing = true;
      deps.setTimeout(() => {
        flush().catch(deps.report);
      }, FLUSH_MS);
    },
    async summary() {
      let current = await load();
      for (let i = 0; i < pending; i++) current = counted(current, deps.now());
      return summarise(current, deps.now());
    },
  };
}
