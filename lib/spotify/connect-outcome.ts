import { SpotifyAuthError, SpotifyError } from './errors';
import { problemDetail } from './problems';

/*
 * What pressing "Connect Spotify" ended with, as the page words it next to the button (`connectProblemText` in
 * `lib/ui/problem-text.ts`): every way it fails has a kind with its own fix, so a connection never fails silently.
 */

/** The longest redirect URI a problem carries (an extension's is about 50 characters). */
const REDIRECT_URI_MAX = 300;

/** Why a connection failed; the page words each kind with its fix. */
export type ConnectProblem =
  /** Options has no Client ID yet. */
  | { kind: 'no-client-id' }
  /** Spotify's page said "INVALID_CLIENT: Invalid client": no app has this Client ID. */
  | { kind: 'invalid-client' }
  /** Spotify's page said "INVALID_CLIENT: Invalid redirect URI": the app does not list `redirectUri`. */
  | { kind: 'redirect-uri'; redirectUri: string }
  /** The sign-in window was closed before it finished. */
  | { kind: 'cancelled' }
  /** The person pressed "Cancel" on Spotify's consent page. */
  | { kind: 'denied' }
  /**
   * Signed in, but Spotify refuses the app because its owner has no Premium (the 403 on the first `/me`); Spotify
   * takes a few hours to count a new subscription.
   */
  | { kind: 'owner-premium' }
  /** Signed in with an account that is not on the app's user list (Developer Dashboard → User Management). */
  | { kind: 'not-registered' }
  /** Spotify could not be reached. */
  | { kind: 'offline' }
  /** Anything else: Spotify's words or MoodDJ's, bounded (`PROBLEM_DETAIL_MAX`). */
  | { kind: 'other'; detail: string };
export type ConnectProblemKind = ConnectProblem['kind'];

/** The answer to `connectSpotify`. */
export type ConnectOutcome = { ok: true } | { ok: false; problem: ConnectProblem };

/** The problem a failed connection is, from the error it threw (sign-in, token exchange or the first `/me`). */
export function connectProblem(error: unknown, redirectUri: string): ConnectProblem {
  if (error instanceof SpotifyAuthError) {
    switch (error.kind) {
      case 'redirect-uri':
        return { kind: 'redirect-uri', redirectUri: redirectUri.slice(0, REDIRECT_URI_MAX) };
      case 'invalid-client':
        return { kind: 'invalid-client' };
      case 'cancelled':
        return { kind: 'cancelled' };
      case 'access-denied':
        return { kind: 'denied' };
      case 'network':
        return { kind: 'offline' };
      default:
        return { kind: 'other', detail: problemDetail(error) };
    }
  }
  if (error instanceof SpotifyError) {
    switch (error.kind) {
      case 'owner-premium':
        return { kind: 'owner-premium' };
      case 'not-registered':
        return { kind: 'not-registered' };
      case 'network':
        return { kind: 'offline' };
      default:
        return { kind: 'other', detail: problemDetail(error) };
    }
  }
  return { kind: 'other', detail: problemDetail(error) };
}
