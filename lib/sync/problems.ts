import { describeError } from '@/lib/errors/report';
import { t } from '@/lib/i18n';
import type { SyncProblem } from '@/lib/live-state/state';
import { SpotifyAuthError, SpotifyError } from '@/lib/spotify/errors';
import type { QueueState } from './queue-state';

/** What a failed library listing means for the person and for the schedule. */
export interface ListingProblem {
  problem: SyncProblem;
  /**
   * Whether the daily library alarm should try again in a minute. Only for faults that pass on their own
   * (offline, 429, 5xx): a refusal (not registered, forbidden, signed out) would fail the same way every minute.
   */
  retry: boolean;
  /** The sign-in is no longer usable: the connection shows "reconnect". */
  signedOut: boolean;
}

/** No Spotify tokens at all: the person has not connected (or disconnected). Not a failure. */
export function notConnectedProblem(): SyncProblem {
  return { kind: 'not-connected', message: t('sync_problem_not_connected') };
}

/** Maps a listing failure to a problem by the error's kind, never by its words. */
export function listingProblem(error: unknown): ListingProblem {
  const kind = error instanceof SpotifyError || error instanceof SpotifyAuthError ? error.kind : null;
  const problem = (k: SyncProblem['kind'], message: string, retry = false, signedOut = false): ListingProblem => ({
    problem: { kind: k, message },
    retry,
    signedOut,
  });
  switch (kind) {
    case 'not-connected':
      return { problem: notConnectedProblem(), retry: false, signedOut: false };
    case 'reconnect':
      return problem('reconnect', t('sync_problem_reconnect'), false, true);
    // A refresh keeps the old scopes: only a new sign-in grants the missing one.
    case 'permissions-missing':
      return problem('reconnect', t('spotify_error_permissions_missing'), false, true);
    case 'not-registered':
      return problem('invalid', t('spotify_error_not_registered'));
    case 'forbidden':
      return problem('invalid', t('spotify_error_forbidden'));
    case 'rate-limited':
      return problem('rate-limited', t('sync_problem_rate_limited'), true);
    case 'network':
      return problem('offline', t('sync_problem_offline'), true);
    case 'invalid-response':
      return problem('invalid', t('sync_problem_invalid', describeError(error)));
    default:
      return problem('server', t('sync_problem_server', describeError(error)), true);
  }
}

const PROVIDER_NAMES = { soundnet: 'SoundNet', reccobeats: 'ReccoBeats' } as const;

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
  if (queue.soundnetRejected) return { kind: 'key-rejected', message: t('sync_problem_key_rejected') };
  if (queue.usedToday >= dailyBudget && counts.queued > counts.unknown) {
    return { kind: 'budget', message: t('sync_problem_budget') };
  }
  if (queue.blockedUntil <= now || !queue.lastFault) return null;
  const provider = PROVIDER_NAMES[queue.lastFault.provider];
  if (queue.lastFault.kind === 'rate-limited') {
    return { kind: 'rate-limited', message: t('sync_problem_features_rate_limited', provider) };
  }
  return { kind: 'server', message: t('sync_problem_features_failed', provider, queue.lastError ?? '') };
}
