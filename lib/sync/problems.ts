import type { SyncProblem } from '@/lib/live-state/state';
import { PROBLEM_DETAIL_MAX } from '@/lib/spotify/problems';
import { parkedUntil } from './parks';
import type { QueueState } from './queue-state';

/*
 * The sync's problems with Spotify (listing the library) are `spotifyProblem`'s (`lib/spotify/problems.ts`),
 * with their scheduling facts; the feature queue's own problems are decided here.
 */

/**
 * The feature queue's problem, if it has one the person should see: a rejected key, a spent budget or SoundNet
 * plan (while tracks other than unknown ones wait), a provider parked by its 429, or a fault it is waiting out.
 * Decided by the stored kinds and parks.
 */
export function queueProblem(
  queue: QueueState,
  counts: { queued: number; unknown: number },
  dailyBudget: number,
  now: number,
): SyncProblem | null {
  if (queue.soundnetRejected) return { kind: 'key-rejected' };
  const waiting = counts.queued > counts.unknown;
  if (queue.usedToday >= dailyBudget && waiting) return { kind: 'budget' };
  const planUntil = queue.parks.soundnet?.why === 'plan-used-up' ? parkedUntil(queue, 'soundnet', now) : null;
  if (planUntil !== null && waiting) return { kind: 'plan-used-up', until: planUntil };
  const limited = (['reccobeats', 'soundnet'] as const).find(
    (provider) => queue.parks[provider]?.why === 'rate-limited' && parkedUntil(queue, provider, now) !== null,
  );
  if (limited) return { kind: 'provider-rate-limited', provider: limited };
  if (queue.blockedUntil <= now || !queue.lastFault) return null;
  const { provider } = queue.lastFault;
  if (queue.lastFault.kind === 'rate-limited') return { kind: 'provider-rate-limited', provider };
  return { kind: 'provider-failed', provider, detail: (queue.lastError ?? '').slice(0, PROBLEM_DETAIL_MAX) };
}
