import type { SyncProblem } from '@/lib/live-state/state';
import { PROBLEM_DETAIL_MAX } from '@/lib/spotify/problems';
import type { QueueState } from './queue-state';

/*
 * The sync's problems with Spotify (listing the library) are `spotifyProblem`'s (`lib/spotify/problems.ts`),
 * with their scheduling facts; the feature queue's own problems are decided here.
 */

/**
 * The feature queue's problem, if it has one the person should see: a rejected key, a spent budget (while
 * tracks other than unknown ones wait), or a fault it is waiting out. Decided by the stored kinds.
 */
export function queueProblem(
  queue: QueueState,
  counts: { queued: number; unknown: number },
  dailyBudget: number,
  now: number,
): SyncProblem | null {
  if (queue.soundnetRejected) return { kind: 'key-rejected' };
  if (queue.usedToday >= dailyBudget && counts.queued > counts.unknown) return { kind: 'budget' };
  if (queue.blockedUntil <= now || !queue.lastFault) return null;
  const { provider } = queue.lastFault;
  if (queue.lastFault.kind === 'rate-limited') return { kind: 'provider-rate-limited', provider };
  return { kind: 'provider-failed', provider, detail: (queue.lastError ?? '').slice(0, PROBLEM_DETAIL_MAX) };
}
