import { createSerialQueue } from '@/lib/async/serial';
import type { BackgroundContext, Service } from '@/lib/background/context';
import type { CurrentMood } from '@/lib/live-state/state';
import { implement } from '@/lib/messaging/contract';
import { FEEDBACK_WINDOW_MS } from '@/lib/recommend/feedback';
import { historyMessages } from './messages';
import { countSkips, loadHistory, loadTodaySparkline } from './query';
import { deleteMoodHistory, pruneHistory, recordMoodChange } from './write';

/** Prunes history older than `history.retentionDays`. Owned by this service alone. */
export const PRUNE_ALARM = 'prune-history';
export const PRUNE_EVERY_MINUTES = 6 * 60;

/**
 * The mood history: it records each mood change the other services announce, prunes what is older
 * than the retention period, answers the charts and the popup's sparkline, and deletes it on request.
 *
 * Writes and deletions run one at a time, in the order they were asked for. "Delete mood history"
 * deletes every mood change that began up to the moment it was asked: a change that began before then
 * but is announced later (a camera report on its way, a write still queued) is dropped, not written
 * after the deletion, so deleted history never comes back. A change that begins after the request is
 * new history and is kept. "Delete everything" (`dataReset: 'delete'`) draws the same line.
 */
export function createHistoryService(ctx: BackgroundContext): Service {
  const { db, clock } = ctx;
  const inTurn = createSerialQueue().run;
  /** Mood changes that began at or before this moment were deleted; they are never written. */
  let deletedUpTo = Number.NEGATIVE_INFINITY;
  /** The last change written, so a repeated announcement of the same change adds no second row. */
  let last: CurrentMood | null = null;

  function deleteUpToNow(): number {
    deletedUpTo = Math.max(deletedUpTo, clock.now());
    return deletedUpTo;
  }

  // Subscribed when built, not in `start`: another service may announce a mood while starting.
  ctx.events.on('moodChanged', (mood) => {
    if (!mood || (last?.since === mood.since && last.mood === mood.mood)) return;
    last = mood;
    return inTurn(async () => {
      if (mood.since <= deletedUpTo) return;
      await recordMoodChange(db, mood);
    }).catch((error) => ctx.report(error, 'history'));
  });

  ctx.events.on('dataReset', (what) => {
    if (what !== 'delete') return;
    // Everything was emptied; a change written while the tables were being emptied is from before the end.
    const upTo = deleteUpToNow();
    return inTurn(() => db.moodEvents.where('at').belowOrEqual(upTo).delete()).catch((error) =>
      ctx.report(error, 'history'),
    );
  });

  return {
    name: 'history',
    handles: [
      implement(historyMessages, {
        getMoodHistory: async ({ range }) => {
          const { segments: _drawnFromTheSums, ...view } = await loadHistory(db, range, clock.now());
          return view;
        },
        getTodaySparkline: () => loadTodaySparkline(db, clock.now()),
        getSkipCounts: () => countSkips(db, clock.now() - FEEDBACK_WINDOW_MS, clock.now()),
        deleteMoodHistory: () => {
          deleteUpToNow();
          return inTurn(() => deleteMoodHistory(db));
        },
      }),
    ],
    alarms: {
      [PRUNE_ALARM]: async () => {
        const { history } = await ctx.settings.get();
        await inTurn(() => pruneHistory(db, history.retentionDays, clock.now()));
      },
    },
    async start() {
      if (!(await ctx.alarms.get(PRUNE_ALARM))) {
        await ctx.alarms.create(PRUNE_ALARM, { delayInMinutes: 1, periodInMinutes: PRUNE_EVERY_MINUTES });
      }
    },
  };
}
