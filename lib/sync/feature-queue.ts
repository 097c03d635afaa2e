import { type FeatureOutcome, type FeatureSource, ProviderError } from '@/lib/audio-features/types';
import type { FeatureProvider, FeatureQueueRow, MoodDjDb } from '@/lib/db/schema';
import { parkAfter429, parkedUntil } from './parks';
import { type QueueState, queueState } from './queue-state';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** A track no provider knows is asked about again after this long. */
export const UNKNOWN_RETRY_MS = 30 * DAY;
/** Backoff for 5xx and network faults: 5 s doubling up to 10 min. */
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 10 * 60 * 1000;

export interface QueueDeps {
  db: MoodDjDb;
  /** SoundNet when a key is set, else null. */
  soundnet: FeatureSource | null;
  reccobeats: FeatureSource;
  /**
   * `dailyBudget` counts requests to both providers; `soundnetDailyBudget` SoundNet's alone (its plan is the small
   * one: once it is spent for the day ReccoBeats carries on). @default soundnetDailyBudget: no limit of its own
   */
  limits: { dailyBudget: number; perMinute: number; soundnetDailyBudget?: number };
  now(): number;
  sleep(ms: number): Promise<void>;
  /** 0–1, for jitter. */
  random(): number;
  /** Called after each request's results are stored. */
  onProgress?(): void;
  /** True when the drain must stop at the next safe point (between requests), e.g. for an import. */
  shouldStop?(): boolean;
}

/**
 * Why a drain returned. `stopped`: `shouldStop` asked it to; `key-changed`: the RapidAPI key changed, so the
 * SoundNet client it was given is stale (the caller starts a new drain).
 */
export type DrainStop = 'deadline' | 'empty' | 'budget' | 'blocked' | 'paused' | 'stopped' | 'key-changed';

export interface DrainResult {
  sent: number;
  stoppedBy: DrainStop;
  /** When there will be work to do again (epoch ms), if known. */
  resumeAt: number | null;
}

/** The local calendar day, for the daily budget. */
export function localDay(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function nextLocalMidnight(epochMs: number): number {
  const d = new Date(epochMs);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
}

/** Exponential backoff with ±20 % jitter. */
export function backoffMs(step: number, random: () => number): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** step);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Providers resting at `now` (parked by their own 429, or SoundNet's day's budget spent), each until when. */
type Resting = Record<FeatureProvider, number | null>;

/**
 * Sends feature requests for queued tracks until `deadline`: at most `perMinute` a minute,
 * within the daily budgets, parking a provider (not spinning) on its 429 and backing off on faults. Each
 * request's count is stored before it is sent and its results in one transaction after,
 * so a stopped worker neither loses work nor asks for a fetched track again.
 *
 * The drain owns the counters of the queue state and the person owns `paused` and the key: every
 * write here is a read-modify-write of the drain's own fields (`queueState.update`), so a pause or a
 * new key set while a request is in flight survives the drain's next write.
 */
export async function drainQueue(deps: QueueDeps, deadline: number): Promise<DrainResult> {
  const { db } = deps;
  const spacing = 60_000 / deps.limits.perMinute;
  const { keyEpoch } = await queueState.get(db);
  let sent = 0;
  for (;;) {
    const now = deps.now();
    if (deps.shouldStop?.()) return { sent, stoppedBy: 'stopped', resumeAt: now };
    const day = localDay(now);
    // A new day starts the count afresh; it is written with the first request (an idle queue writes nothing).
    const stored = await queueState.get(db);
    const state = stored.day === day ? stored : { ...stored, day, usedToday: 0, soundnetUsedToday: 0 };
    if (state.paused) return { sent, stoppedBy: 'paused', resumeAt: null };
    if (state.keyEpoch !== keyEpoch) return { sent, stoppedBy: 'key-changed', resumeAt: now };
    if (state.usedToday >= deps.limits.dailyBudget) {
      return { sent, stoppedBy: 'budget', resumeAt: nextLocalMidnight(now) };
    }
    if (state.blockedUntil > now) {
      if (state.blockedUntil > deadline) return { sent, stoppedBy: 'blocked', resumeAt: state.blockedUntil };
      await deps.sleep(state.blockedUntil - now);
      continue;
    }
    if (now >= deadline) return { sent, stoppedBy: 'deadline', resumeAt: now };

    const soundnet = state.soundnetRejected ? null : deps.soundnet;
    const soundnetSpent = state.soundnetUsedToday >= (deps.limits.soundnetDailyBudget ?? Number.POSITIVE_INFINITY);
    const parkedSoundNet = parkedUntil(state, 'soundnet', now);
    const resting: Resting = {
      soundnet: soundnetSpent ? Math.max(parkedSoundNet ?? 0, nextLocalMidnight(now)) : parkedSoundNet,
      reccobeats: parkedUntil(state, 'reccobeats', now),
    };
    const work = await nextBatch(db, now, soundnet, deps.reccobeats, resting);
    if (!work) {
      const next = await nextDue(db);
      const waiting = resting.soundnet !== null || resting.reccobeats !== null;
      // Tracks set aside for a provider that is back within this run: wait for it, as for a short Retry-After.
      if (waiting && next !== null && next <= deadline) {
        await deps.sleep(Math.max(0, next - now));
        continue;
      }
      return { sent, stoppedBy: waiting ? 'blocked' : 'empty', resumeAt: next };
    }

    const toSoundNet = work.source.name === 'soundnet' ? 1 : 0;
    await queueState.update(
      db,
      (s) =>
        s.day === day
          ? { ...s, usedToday: s.usedToday + 1, soundnetUsedToday: s.soundnetUsedToday + toSoundNet }
          : { ...s, day, usedToday: 1, soundnetUsedToday: toSoundNet },
      now,
    );
    sent++;
    try {
      const outcomes = await work.source.fetch(work.rows.map((r) => r.trackId));
      await applyOutcomes(db, work.source.name, work.rows, outcomes, deps.now(), soundnet !== null);
      await queueState.update(
        db,
        (s) =>
          s.backoffStep === 0 && s.lastError === null && s.lastFault === null
            ? s
            : { ...s, backoffStep: 0, lastError: null, lastFault: null },
        deps.now(),
      );
    } catch (error) {
      // The fault decides the wait (a park for a 429, else a backoff); the loop's checks keep it.
      await queueState.update(db, (s) => afterFault(s, error, deps, keyEpoch, work.source.name), deps.now());
      deps.onProgress?.();
      continue;
    }
    deps.onProgress?.();
    if (deps.now() + spacing >= deadline) return { sent, stoppedBy: 'deadline', resumeAt: deps.now() + spacing };
    await deps.sleep(spacing);
  }
}

/** The queue state after a failed request to `provider`; `keyEpoch` is the key the request was sent with. */
function afterFault(
  state: QueueState,
  error: unknown,
  deps: QueueDeps,
  keyEpoch: number,
  provider: FeatureProvider,
): QueueState {
  const now = deps.now();
  if (error instanceof ProviderError && error.kind === 'key-rejected') {
    // A key the person replaced while the request was out: the new one has not been tried yet.
    if (state.keyEpoch !== keyEpoch) return state;
    // Stop SoundNet for good (until the key changes) and carry on with ReccoBeats.
    return {
      ...state,
      soundnetRejected: true,
      lastError: 'SoundNet rejected the RapidAPI key (403).',
      lastFault: { kind: 'key-rejected', provider: 'soundnet' },
    };
  }
  if (error instanceof ProviderError && (error.kind === 'rate-limited' || error.kind === 'plan-used-up')) {
    return parkAfter429(state, error, now, backoffMs(state.backoffStep, deps.random), deps.random);
  }
  const message =
    error instanceof ProviderError
      ? `${label(error.provider)}: ${error.message}`
      : `Feature request failed: ${String(error)}`;
  return {
    ...state,
    blockedUntil: now + backoffMs(state.backoffStep, deps.random),
    backoffStep: state.backoffStep + 1,
    lastError: message,
    lastFault: { kind: 'failed', provider },
  };
}

function label(provider: FeatureProvider): string {
  return provider === 'soundnet' ? 'SoundNet' : 'ReccoBeats';
}

/** The due rows, oldest first: pending, then failed and unknown whose wait is over. */
async function dueRows(db: MoodDjDb, now: number, limit: number): Promise<FeatureQueueRow[]> {
  const rows: FeatureQueueRow[] = [];
  for (const status of ['pending', 'failed', 'unknown'] as const) {
    if (rows.length >= limit) break;
    const more = await db.featureQueue
      .where('[status+nextAttemptAt]')
      .between([status, Number.NEGATIVE_INFINITY], [status, now], true, true)
      .limit(limit - rows.length)
      .toArray();
    rows.push(...more);
  }
  return rows;
}

/**
 * The next request to send, or null when nothing is due. Rows that no available provider can serve
 * (ReccoBeats does not know them and SoundNet has no key, a rejected one, or refused them) become
 * `unknown` for the long wait here, and rows only a resting provider can serve wait for it (their
 * `nextAttemptAt` moves to its return), so neither blocks the head of the queue.
 */
async function nextBatch(
  db: MoodDjDb,
  now: number,
  soundnet: FeatureSource | null,
  reccobeats: FeatureSource,
  resting: Resting,
): Promise<{ source: FeatureSource; rows: FeatureQueueRow[] } | null> {
  for (;;) {
    const due = await dueRows(db, now, reccobeats.maxBatch);
    if (due.length === 0) return null;
    // A track unknown to every provider, due again after its long wait, starts afresh (minus those that refused it).
    const fresh = due.map((row) => (row.status === 'unknown' ? { ...row, unknownTo: [...(row.neverAsk ?? [])] } : row));
    const could: Record<FeatureProvider, (row: FeatureQueueRow) => boolean> = {
      soundnet: (row) => soundnet !== null && !row.unknownTo.includes('soundnet'),
      reccobeats: (row) => !row.unknownTo.includes('reccobeats'),
    };
    const soundnetCan = (row: FeatureQueueRow) => resting.soundnet === null && could.soundnet(row);
    const reccoCan = (row: FeatureQueueRow) => resting.reccobeats === null && could.reccobeats(row);
    const stuck = fresh.filter((row) => !could.soundnet(row) && !could.reccobeats(row));
    if (stuck.length > 0) await markUnknown(db, stuck, now);
    const later = fresh.filter((row) => !stuck.includes(row) && !soundnetCan(row) && !reccoCan(row));
    if (later.length > 0) await setAside(db, later, (row) => returnOf(row, could, resting));
    const servable = fresh.filter((row) => soundnetCan(row) || reccoCan(row));
    const first = servable[0];
    if (!first) continue;
    if (soundnetCan(first) && soundnet) return { source: soundnet, rows: [first] };
    return { source: reccobeats, rows: servable.filter(reccoCan).slice(0, reccobeats.maxBatch) };
  }
}

/** When the first resting provider that could serve `row` is back. */
function returnOf(
  row: FeatureQueueRow,
  could: Record<FeatureProvider, (row: FeatureQueueRow) => boolean>,
  resting: Resting,
): number {
  const back = (['soundnet', 'reccobeats'] as const).flatMap((provider) => {
    const until = resting[provider];
    return until !== null && could[provider](row) ? [until] : [];
  });
  return Math.min(...back);
}

/** Moves rows that wait for a resting provider to its return, keeping their status and what they learnt. */
async function setAside(
  db: MoodDjDb,
  rows: readonly FeatureQueueRow[],
  until: (row: FeatureQueueRow) => number,
): Promise<void> {
  await db.featureQueue.bulkUpdate(rows.map((row) => ({ key: row.trackId, changes: { nextAttemptAt: until(row) } })));
}

/** Parks rows no provider can serve now until the long retry, without spending a request on them. */
async function markUnknown(db: MoodDjDb, rows: readonly FeatureQueueRow[], now: number): Promise<void> {
  await db.featureQueue
    .where('trackId')
    .anyOf(rows.map((row) => row.trackId))
    .modify((row) => {
      row.status = 'unknown';
      row.nextAttemptAt = now + UNKNOWN_RETRY_MS;
      row.lastError = null;
    });
}

async function applyOutcomes(
  db: MoodDjDb,
  provider: FeatureProvider,
  rows: readonly FeatureQueueRow[],
  outcomes: ReadonlyMap<string, FeatureOutcome>,
  now: number,
  soundnetAvailable: boolean,
): Promise<void> {
  await db.transaction('rw', db.features, db.featureQueue, async () => {
    for (const row of rows) {
      // A row that left the queue while the request was out (the track was removed, or everything was deleted
      // or replaced by an import) gets nothing back: what the person deleted must not return.
      if (!(await db.featureQueue.get(row.trackId))) continue;
      const outcome = outcomes.get(row.trackId) ?? { kind: 'unknown' };
      if (outcome.kind === 'ok') {
        await db.features.put({ trackId: row.trackId, provider, fetchedAt: now, ...outcome.features });
        await db.featureQueue.delete(row.trackId);
      } else if (outcome.kind === 'unknown' || outcome.kind === 'unavailable') {
        const unknownTo = [...new Set([...row.unknownTo, provider])];
        const neverAsk =
          outcome.kind === 'unavailable' ? [...new Set([...(row.neverAsk ?? []), provider])] : row.neverAsk;
        const untried =
          provider === 'soundnet'
            ? !unknownTo.includes('reccobeats')
            : soundnetAvailable && !unknownTo.includes('soundnet');
        await db.featureQueue.put({
          ...row,
          unknownTo,
          ...(neverAsk ? { neverAsk } : {}),
          status: untried ? 'pending' : 'unknown',
          nextAttemptAt: untried ? now : now + UNKNOWN_RETRY_MS,
          lastError: outcome.kind === 'unavailable' ? outcome.reason : null,
        });
      } else {
        // A malformed answer marks the track failed with the reason; stored features are never touched.
        const attempts = row.attempts + 1;
        await db.featureQueue.put({
          ...row,
          status: 'failed',
          attempts,
          lastError: outcome.reason,
          nextAttemptAt: now + Math.min(7 * DAY, HOUR * 2 ** (attempts - 1)),
        });
      }
    }
  });
}

async function nextDue(db: MoodDjDb): Promise<number | null> {
  let soonest: number | null = null;
  for (const status of ['pending', 'failed', 'unknown'] as const) {
    const row = await db.featureQueue
      .where('[status+nextAttemptAt]')
      .between([status, Number.NEGATIVE_INFINITY], [status, Number.POSITIVE_INFINITY])
      .first();
    if (row && (soonest === null || row.nextAttemptAt < soonest)) soonest = row.nextAttemptAt;
  }
  return soonest;
}
