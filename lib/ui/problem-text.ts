import type { FeatureProvider } from '@/lib/db/schema';
import type { SessionProblem } from '@/lib/history/session-save';
import { t, uiLocale } from '@/lib/i18n';
import type { DjProblem, SyncProblem } from '@/lib/live-state/state';
import type { ConnectProblem } from '@/lib/spotify/connect-outcome';
import type { Refusal } from '@/lib/spotify/gate';
import type { SpotifyProblem } from '@/lib/spotify/problems';

/** Any problem a surface shows: the live state's (sync, DJ, Spotify connection) and a save's answer. */
export type Problem = SyncProblem | DjProblem | SessionProblem | SpotifyProblem;

/**
 * What the person was doing when the problem came up. One Spotify problem reads differently while syncing
 * ("MoodDJ tries again in a minute") than after a click ("Spotify did not take the request"), and a save
 * promises that nothing is lost.
 */
export type ProblemDuring = 'sync' | 'dj' | 'save' | 'connection';

const PROVIDER_NAMES: Record<FeatureProvider, string> = { soundnet: 'SoundNet', reccobeats: 'ReccoBeats' };

/** Problems a refusal in effect already says (the surfaces show the refusal once, not once per feature). */
const REFUSAL_KINDS: ReadonlySet<string> = new Set(['quota', 'owner-premium', 'not-registered', 'rate-limited']);

/** Whether `problem` only repeats the refusal the surface shows already. */
export function coveredByRefusal(problem: { readonly kind: string } | null, refusal: Refusal | null): boolean {
  return problem !== null && refusal !== null && REFUSAL_KINDS.has(problem.kind);
}

/** Why Spotify refuses MoodDJ's requests and until when, in the person's words (every surface shows it). */
export function refusalText(refusal: Refusal, now: number): string {
  switch (refusal.reason) {
    case 'quota':
      return problemText({ kind: 'quota', retryAt: refusal.until }, 'connection', now);
    case 'owner-premium':
      return problemText({ kind: 'owner-premium', retryAt: refusal.until }, 'connection', now);
    case 'not-registered':
      return problemText({ kind: 'not-registered' }, 'connection', now);
    case 'rate-limited':
      return t('spotify_refusal_rate_limited', untilText(refusal.until, now));
  }
}

/** When a wait ends, in the person's language: a time today, or a day and a time. */
export function untilText(at: number | null, now: number): string {
  if (at === null) return t('spotify_problem_later');
  const date = new Date(at);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  return new Intl.DateTimeFormat(
    uiLocale(),
    // `timeStyle` cannot be combined with `weekday` (a RangeError): spell the parts out.
    sameDay ? { hour: 'numeric', minute: '2-digit' } : { weekday: 'short', hour: 'numeric', minute: '2-digit' },
  ).format(date);
}

/** The day a spent plan resets, as the person's locale writes it ("1 December" in en-GB): a month ahead at most. */
export function planResetText(at: number): string {
  return new Intl.DateTimeFormat(uiLocale(), { day: 'numeric', month: 'long' }).format(at);
}

/** The sentence for `problem`, in the person's language, chosen by its kind. `now` (epoch ms) counts waits down. */
export function problemText(problem: Problem, during: ProblemDuring, now: number): string {
  switch (problem.kind) {
    case 'reconnect':
      if (during === 'sync') return t('sync_problem_reconnect');
      return during === 'connection' ? t('sync_spotify_signin_rejected') : t('dj_problem_reconnect');
    case 'permissions-missing':
      return t('spotify_error_permissions_missing');
    case 'not-connected':
      return during === 'sync' ? t('sync_problem_not_connected') : t('dj_problem_not_connected');
    case 'not-registered':
      return t('spotify_error_not_registered');
    case 'forbidden':
      return t('spotify_error_forbidden');
    case 'premium':
      return t('dj_problem_premium');
    case 'quota':
      return t('spotify_problem_quota', untilText(problem.retryAt, now));
    case 'owner-premium':
      return t('spotify_problem_owner_premium', untilText(problem.retryAt, now));
    case 'restricted':
      return t('spotify_problem_restricted');
    case 'no-device':
      return problem.stale ? t('spotify_error_device_not_found') : t('dj_problem_no_device');
    case 'maybe-applied':
      return problem.queue ? t('spotify_error_maybe_queued') : t('spotify_error_maybe_applied');
    case 'rate-limited': {
      if (during === 'sync') return t('sync_problem_rate_limited');
      const seconds = problem.retryAt === null ? 0 : Math.ceil((problem.retryAt - now) / 1000);
      return seconds > 0 ? t('dj_problem_rate_limited_for', seconds) : t('dj_problem_rate_limited');
    }
    case 'offline':
      if (during === 'sync') return t('sync_problem_offline');
      return during === 'save' ? t('session_problem_offline') : t('dj_problem_error', problem.detail);
    case 'server':
      if (during === 'sync') return t('sync_problem_server', problem.detail);
      return during === 'save' ? t('session_problem_server') : t('dj_problem_error', problem.detail);
    case 'invalid-response':
      return during === 'sync' ? t('sync_problem_invalid', problem.detail) : t('dj_problem_error', problem.detail);
    case 'unknown':
      return during === 'sync' ? t('sync_problem_server', problem.detail) : t('dj_problem_error', problem.detail);
    case 'key-rejected':
      return t('sync_problem_key_rejected');
    case 'budget':
      return t('sync_problem_budget');
    case 'plan-used-up':
      return t('sync_problem_plan_used_up', planResetText(problem.until));
    case 'provider-rate-limited':
      return t('sync_problem_features_rate_limited', PROVIDER_NAMES[problem.provider]);
    case 'provider-failed':
      return t('sync_problem_features_failed', PROVIDER_NAMES[problem.provider], problem.detail);
    case 'not-synced':
      return t('dj_problem_not_synced');
    case 'no-features':
      return t('dj_problem_no_features');
    case 'no-mood':
      return t('dj_problem_no_mood');
    case 'nothing-to-save':
      return t('session_nothing_to_save');
    case 'request-failed':
      // The background's own words for why it did not answer (already the person's, or a technical line).
      return problem.detail;
  }
}

/**
 * Why "Connect Spotify" failed and what fixes it, next to the button (the welcome page, Options → Spotify). The
 * redirect URI to add is in the words, so the person can compare it with what the dashboard lists.
 */
export function connectProblemText(problem: ConnectProblem): string {
  switch (problem.kind) {
    case 'no-client-id':
      return t('sync_client_id_missing');
    case 'invalid-client':
      return t('connect_problem_invalid_client');
    case 'redirect-uri':
      return t('connect_problem_redirect_uri', problem.redirectUri);
    case 'cancelled':
      return t('connect_problem_cancelled');
    case 'denied':
      return t('connect_problem_denied');
    case 'owner-premium':
      return t('connect_problem_owner_premium');
    case 'not-registered':
      return t('connect_problem_not_registered');
    case 'offline':
      return t('connect_problem_offline');
    case 'other':
      return t('connect_problem_failed', problem.detail);
  }
}
