import { z } from 'zod';
import type { MoodDjDb } from '@/lib/db/schema';
import { storedValue } from '@/lib/db/stored';

/**
 * The feature queue's one state record: the user's pause, the day's budget, the fault backoff and the RapidAPI
 * key's epoch. Every writer changes only its own fields inside one read-write transaction (`update`), so a pause
 * or a new key set during a request is never overwritten by the drain's older copy.
 */
const queueStateSchema = z.object({
  paused: z.boolean(),
  /** The local day `usedToday` counts for, as YYYY-MM-DD. */
  day: z.string(),
  usedToday: z.number().int().min(0),
  /** No request before this epoch ms (429 Retry-After, or backoff after faults). */
  blockedUntil: z.number(),
  backoffStep: z.number().int().min(0),
  /** The last fault's details (technical, for the log and after the translated sentence). */
  lastError: z.string().nullable(),
  /**
   * What the last fault was, by kind, so the surfaces can say it in the person's language and tell a 429 from a
   * failure without reading `lastError`. Absent (null) in values stored before it existed.
   */
  lastFault: z
    .object({ kind: z.enum(['rate-limited', 'key-rejected', 'failed']), provider: z.enum(['soundnet', 'reccobeats']) })
    .nullable()
    .default(null),
  /** SoundNet answered 403: the key is wrong or the plan ended. */
  soundnetRejected: z.boolean(),
  /**
   * Bumped by every change of the RapidAPI key. A drain that started with an older key stops, and a 403 it
   * gets for the old key does not mark the new one rejected. Absent (0) in values stored before it existed.
   */
  keyEpoch: z.number().int().min(0).default(0),
});

export type QueueState = z.infer<typeof queueStateSchema>;

export const queueState = storedValue(
  'feature-queue',
  queueStateSchema,
  (): QueueState => ({
    paused: false,
    day: '',
    usedToday: 0,
    blockedUntil: 0,
    backoffStep: 0,
    lastError: null,
    lastFault: null,
    soundnetRejected: false,
    keyEpoch: 0,
  }),
);

/** Pauses or resumes the queue. Only `paused` is written, so a drain's counters are never undone. */
export async function setQueuePaused(db: MoodDjDb, paused: boolean, now = Date.now()): Promise<QueueState> {
  return queueState.update(db, (state) => ({ ...state, paused }), now);
}

/**
 * The RapidAPI key changed: SoundNet gets a fresh chance, and a drain still using the old key stops (see
 * `keyEpoch`). With a key, tracks parked as unknown only because SoundNet could not be asked are due again.
 */
export async function resetSoundNet(db: MoodDjDb, now = Date.now(), keySet = true): Promise<void> {
  await db.transaction('rw', db.syncState, db.featureQueue, async () => {
    await queueState.update(
      db,
      (state) => ({
        ...state,
        soundnetRejected: false,
        lastError: null,
        lastFault: null,
        keyEpoch: state.keyEpoch + 1,
      }),
      now,
    );
    if (!keySet) return;
    await db.featureQueue
      .where('[status+nextAttemptAt]')
      .between(['unknown', Number.NEGATIVE_INFINITY], ['unknown', Number.POSITIVE_INFINITY])
      .filter((row) => !row.unknownTo.includes('soundnet') && !row.neverAsk?.includes('soundnet'))
      .modify((row) => {
        row.status = 'pending';
        row.nextAttemptAt = now;
      });
  });
}
