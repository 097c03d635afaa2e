import { t } from '@/lib/i18n';
import type { DjProblem } from '@/lib/live-state/state';
import { QUEUE_ENDPOINT } from '@/lib/spotify/client';
import { SpotifyAuthError, SpotifyError } from '@/lib/spotify/errors';

/** What the panel says when a DJ operation fails: a typed problem, by the error's kind (never its words). */
export function problemOf(error: unknown): DjProblem {
  const kind = error instanceof SpotifyError || error instanceof SpotifyAuthError ? error.kind : null;
  switch (kind) {
    case 'permissions-missing':
      return { kind: 'reconnect', message: t('spotify_error_permissions_missing') };
    case 'not-registered':
      return { kind: 'error', message: t('spotify_error_not_registered') };
    case 'forbidden':
      return { kind: 'error', message: t('spotify_error_forbidden') };
    case 'device-not-found':
      return { kind: 'no-device', message: t('spotify_error_device_not_found') };
    case 'maybe-applied':
      return {
        kind: 'error',
        message:
          error instanceof SpotifyError && error.endpoint === QUEUE_ENDPOINT
            ? t('spotify_error_maybe_queued')
            : t('spotify_error_maybe_applied'),
      };
    case 'premium-required':
      return { kind: 'premium', message: t('dj_problem_premium') };
    case 'no-active-device':
      return { kind: 'no-device', message: t('dj_problem_no_device') };
    case 'rate-limited': {
      const seconds = error instanceof SpotifyError && error.retryAfterMs ? Math.ceil(error.retryAfterMs / 1000) : null;
      return {
        kind: 'rate-limited',
        message: seconds ? t('dj_problem_rate_limited_for', seconds) : t('dj_problem_rate_limited'),
      };
    }
    case 'reconnect':
      return { kind: 'reconnect', message: t('dj_problem_reconnect') };
    case 'not-connected':
      return { kind: 'not-connected', message: t('dj_problem_not_connected') };
    default:
      return {
        kind: 'error',
        message: t('dj_problem_error', error instanceof Error ? error.message : String(error)),
      };
  }
}
