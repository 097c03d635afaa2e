import { z } from 'zod';
import type { MoodDjDb } from '@/lib/db/schema';
import { storedValue } from '@/lib/db/stored';
import { reportError } from '@/lib/errors/report';

/**
 * A provider set aside by its own 429 until `until` (epoch ms), while the other carries on. `plan-used-up`: SoundNet's
 * RapidAPI plan is spent until it resets; `rate-limited`: a burst limit's Retry-After (or a backoff).
 */
const parkSchema = z.object({
  until: z.number().finite().nonnegative(),
  why: z.enum(['plan-used-up', 'rate-limited']),
});
export type Park = z.infer<typeof parkSchema>;
export type Parks = { soundnet: Park | null; reccobeats: Park | null };

const NO_PARKS: Parks = { soundnet: null, reccobeats: null };

/**
 * The parks as stored. Absent in values stored before parks existed (none then); a corrupt one is repaired to
 * none and logged rather than resetting the whole state (and with it the pause and the day's counts): the worst
 * a lost park costs is one request, which parks the provider again.
 */
const parksSchema = z
  .object({ soundnet: parkSchema.nullable(), reccobeats: parkSchema.nullable() })
  .catch(({ value, issues }) => {
    if (value !== undefined) {
      const where = issues[0]?.path?.map(String).join('.');
      reportError(
        'db',
        new Error(`Stored feature-queue parks were invalid and were reset (${where}: ${issues[0]?.code})`),
      );
    }
    return NO_PARKS;
  });

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
  /** No request to either provider before this epoch ms (backoff after 5xx and network faults). */
  blockedUntil: z.number(),
  /** Requests to SoundNet on `day`, for its own budget. Absent (0) in values stored before it existed. */
  soundnetUsedToday: z.number().int().min(0).default(0),
  /** Each provider's own 429 sets only that provider aside; the other goes on (see `lib/sync/parks.ts`). */
  parks: parksSchema,
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
  /**
   * Whether the browser granted SoundNet's host (an optional host permission) when last checked. While it does
   * not, tracks only SoundNet could know wait as unknown; getting it back makes them due again. Absent (true) in
   * values stored before it existed, when the host came with the install.
   */
  soundnetAccess: z.boolean().default(true),
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
    soundnetUsedToday: 0,
    parks: NO_PARKS,
    backoffStep: 0,
    lastError: null,
    lastFault: null,
    soundnetRejected: false,
    keyEpoch: 0,
    soundnetAccess: true,
  }),
);

/** Pauses or resumes the queue. Only `paused` is written, so a drain's counters are never undone. */
export async function setQueuePaused(db: MoodDjDb, paused: boolean, now = Date.now()): Promise<QueueState> {
  return queueState.update(db, (state) => ({ ...state, paused }), now);
}

/**
 * The RapidAPI key changed: SoundNet gets a fresh chance (a new key may be on another plan, so its park goes too),
 * and a drain still using the old key stops (see `keyEpoch`). Tracks set aside to wait for a parked provider are due
 * again (the drain sets aside again those that still have to wait); with a key, so are tracks parked as unknown
 * only because SoundNet could not be asked.
 */
export async function resetSoundNet(db: MoodDjDb, now = Date.now(), keySet = true): Promise<void> {
  await db.transaction('rw', db.syncState, db.featureQueue, async () => {
    await queueState.update(
      db,
      (state) => ({
        ...state,
        soundnetRejected: false,
        parks: { ...state.parks, soundnet: null },
        lastError: null,
        lastFault: null,
        keyEpoch: state.keyEpoch + 1,
      }),
      now,
    );
    await db.featureQueue
      .where('[status+nextAttemptAt]')
      .between(['pending', now], ['pending', Number.POSITIVE_INFINITY], false, true)
      .modify((row) => {
        row.nextAttemptAt = now;
      });
    if (keySet) await askSoundNetAgain(db, now);
  });
}

/** Tracks parked as unknown only because SoundNet could not be asked are due again. */
function askSoundNetAgain(db: MoodDjDb, now: number): Promise<number> {
  return db.featureQueue
    .where('[status+nextAttemptAt]')
    .between(['unknown', Number.NEGATIVE_INFINITY], ['unknown', Number.POSITIVE_INFINITY])
    .filter((row) => !row.unknownTo.includes('soundnet') && !row.neverAsk?.includes('soundnet'))
    .modify((row) => {
      row.status = 'pending';
      row.nextAttemptAt = now;
    });
}

/**
 * Records whether the browser grants SoundNet's host; true when that changed. Taken back (in the browser's
 * extension settings), a drain still holding a SoundNet client stops (`keyEpoch`) and the next one leaves SoundNet
 * out; given back, the tracks that waited for it are due again, as with a new key. SoundNet's verdict on the key
 * (rejected, parked) is the key's and stays.
 */
export async function setSoundNetAccess(db: MoodDjDb, granted: boolean, now = Date.now()): Promise<boolean> {
  return db.transaction('rw', db.syncState, db.featureQueue, async () => {
    if ((await queueState.get(db)).soundnetAccess === granted) return false;
    await queueState.update(db, (state) => ({ ...state, soundnetAccess: granted, keyEpoch: state.keyEpoch + 1 }), now);
    if (granted) await askSoundNetAgain(db, now);
    return true;
  });
}
