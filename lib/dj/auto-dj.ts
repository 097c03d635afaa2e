import type { PickableMood } from '@/lib/mood/types';

export interface AutoDjInput {
  enabled: boolean;
  /** The mood in effect and since when (epoch ms); null without one. */
  mood: { mood: PickableMood; since: number } | null;
  now: number;
  /** How long a new mood must hold before the DJ acts. */
  holdMs: number;
  /** How many tracks to keep queued ahead. */
  queueAhead: number;
  /** MoodDJ-queued tracks that have not started playing yet. */
  queuedAhead: number;
  /** The mood the tracks queued ahead were chosen for. */
  aheadMood: PickableMood | null;
}

/**
 * How many tracks auto-DJ should queue now. It acts only once a mood has held for
 * `holdMs`, tops the queue up to `queueAhead` (tracks for an older mood do not count,
 * but are never removed: MoodDJ never interrupts or reorders what is playing), and never
 * starts or stops playback.
 */
export function autoDjWants(input: AutoDjInput): number {
  if (!input.enabled || !input.mood) return 0;
  if (input.now - input.mood.since < input.holdMs) return 0;
  const ahead = input.aheadMood === input.mood.mood ? input.queuedAhead : 0;
  return Math.max(0, input.queueAhead - ahead);
}

/** The tracks MoodDJ queued, in order, and which of them are still ahead of the playing one. */
export interface QueueLedger {
  /** Track ids MoodDJ queued this session, oldest first, with the mood they were for. */
  queued: { trackId: string; mood: PickableMood | null; at: number }[];
}

/**
 * After the player reports `playingId`: drops every queued entry up to and including
 * the playing one (they have started or were skipped past). Entries older than
 * `staleMs` count as gone too, so a queue the person cleared by hand is not waited on forever.
 */
export function advanceLedger(
  ledger: QueueLedger,
  playingId: string | null,
  now: number,
  staleMs: number,
): QueueLedger {
  let queued = ledger.queued.filter((entry) => now - entry.at < staleMs);
  const index = playingId ? queued.findIndex((entry) => entry.trackId === playingId) : -1;
  if (index >= 0) queued = queued.slice(index + 1);
  return { queued };
}

/** The tracks still ahead for `mood`. */
export function aheadFor(ledger: QueueLedger, mood: PickableMood | null): number {
  return ledger.queued.filter((entry) => entry.mood === mood).length;
}
