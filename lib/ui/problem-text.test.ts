import { describe, expect, it } from 'vitest';
import { liveStateSchema } from '@/lib/live-state/schema';
import type { ConnectProblem } from '@/lib/spotify/connect-outcome';
import {
  connectProblemText,
  type Problem,
  type ProblemDuring,
  planResetText,
  problemText,
  refusalText,
  untilText,
} from './problem-text';

const NOW = 1_700_000_000_000;
const ALL: ProblemDuring[] = ['sync', 'dj', 'save', 'connection'];

/** The sentence `problem` reads as in each of `during` (all surfaces unless given). */
function wordings(problem: Problem, during: ProblemDuring[] = ALL): Record<string, string> {
  return Object.fromEntries(during.map((d) => [d, problemText(problem, d, NOW)]));
}

describe('problemText: Spotify’s problems', () => {
  it('reconnect: asks to reconnect, in the words of what stopped', () => {
    expect(wordings({ kind: 'reconnect' })).toEqual({
      sync: 'Spotify signed MoodDJ out. Reconnect in settings to sync again.',
      dj: 'Spotify signed MoodDJ out. Reconnect in settings.',
      save: 'Spotify signed MoodDJ out. Reconnect in settings.',
      connection: 'Spotify no longer accepts MoodDJ’s sign-in. Connect again.',
    });
  });

  it('permissions-missing', () => {
    expect(new Set(Object.values(wordings({ kind: 'permissions-missing' })))).toEqual(
      new Set(['Spotify says MoodDJ lacks a permission it now needs. Reconnect Spotify in settings to grant it.']),
    );
  });

  it('not-connected', () => {
    expect(wordings({ kind: 'not-connected' })).toEqual({
      sync: 'Connect Spotify to sync your library.',
      dj: 'Connect Spotify in settings to queue tracks.',
      save: 'Connect Spotify in settings to queue tracks.',
      connection: 'Connect Spotify in settings to queue tracks.',
    });
  });

  it('not-registered, forbidden and premium read the same everywhere', () => {
    expect(problemText({ kind: 'not-registered' }, 'save', NOW)).toBe(
      'Spotify does not know this account in your Spotify app. Ask the app’s owner (you, if you made it) to add the account you sign in with under User Management in the Spotify developer dashboard, then press Sync now.',
    );
    expect(problemText({ kind: 'forbidden' }, 'sync', NOW)).toBe(
      'Spotify refused this request (HTTP 403). Spotify may have closed it to apps in development mode; check for a MoodDJ update.',
    );
    expect(problemText({ kind: 'premium' }, 'dj', NOW)).toBe(
      'Queueing needs Spotify Premium. MoodDJ can put these tracks in a playlist instead, and asks Spotify to keep it off your profile.',
    );
    for (const kind of ['not-registered', 'forbidden', 'premium'] as const) {
      expect(new Set(Object.values(wordings({ kind })))).toHaveProperty('size', 1);
    }
  });

  it('no-device: press play once, or the player Spotify no longer knows', () => {
    expect(problemText({ kind: 'no-device', stale: false }, 'dj', NOW)).toBe(
      'Press play in the web player once, so Spotify sees it, then try again.',
    );
    expect(problemText({ kind: 'no-device', stale: true }, 'dj', NOW)).toBe(
      'Spotify no longer knows this player (the web player gets a new id when its page reloads). Press play in the web player once, then try again.',
    );
  });

  it('maybe-applied: check the queue, or check the playlists', () => {
    expect(problemText({ kind: 'maybe-applied', queue: true }, 'dj', NOW)).toBe(
      'Spotify answered with an error, but it may have queued the track anyway. Check the queue in Spotify before queueing again.',
    );
    expect(problemText({ kind: 'maybe-applied', queue: false }, 'save', NOW)).toBe(
      'Spotify answered with an error, but it may have made the change anyway. Check your playlists in Spotify before trying again.',
    );
  });

  it('rate-limited: the sync goes on by itself; a click is told how long to wait, while there is a wait', () => {
    expect(problemText({ kind: 'rate-limited', retryAt: NOW + 20_000 }, 'sync', NOW)).toBe(
      'Spotify asked MoodDJ to slow down; the sync goes on shortly.',
    );
    expect(problemText({ kind: 'rate-limited', retryAt: NOW + 19_001 }, 'dj', NOW)).toBe(
      'Spotify asked MoodDJ to wait 20 s. Try again then.',
    );
    expect(problemText({ kind: 'rate-limited', retryAt: NOW + 20_000 }, 'save', NOW)).toBe(
      'Spotify asked MoodDJ to wait 20 s. Try again then.',
    );
    expect(problemText({ kind: 'rate-limited', retryAt: null }, 'dj', NOW)).toBe(
      'Spotify asked MoodDJ to wait. Try again then.',
    );
    expect(problemText({ kind: 'rate-limited', retryAt: NOW }, 'dj', NOW)).toBe(
      'Spotify asked MoodDJ to wait. Try again then.',
    );
  });

  it('offline: the sync retries, a save loses nothing, a click quotes the error', () => {
    expect(wordings({ kind: 'offline', detail: 'GET /me: Spotify could not be reached' })).toEqual({
      sync: 'Spotify could not be reached. MoodDJ tries again in a minute.',
      dj: 'Spotify did not take the request: GET /me: Spotify could not be reached',
      save: 'Could not reach Spotify. Check your connection and save again: nothing is lost.',
      connection: 'Spotify did not take the request: GET /me: Spotify could not be reached',
    });
  });

  it('server: quotes the error, except for a save, which loses nothing', () => {
    expect(wordings({ kind: 'server', detail: 'HTTP 502' })).toEqual({
      sync: 'Spotify had a problem (HTTP 502). MoodDJ tries again soon.',
      dj: 'Spotify did not take the request: HTTP 502',
      save: 'Spotify had a problem saving the playlist. Save again in a moment: nothing is lost.',
      connection: 'Spotify did not take the request: HTTP 502',
    });
  });

  it('invalid-response and unknown quote the error', () => {
    expect(wordings({ kind: 'invalid-response', detail: 'items: Required' }, ['sync', 'dj', 'save'])).toEqual({
      sync: 'Spotify sent something MoodDJ could not read (items: Required). Sync again later.',
      dj: 'Spotify did not take the request: items: Required',
      save: 'Spotify did not take the request: items: Required',
    });
    expect(wordings({ kind: 'unknown', detail: 'Not found' }, ['sync', 'dj', 'save'])).toEqual({
      sync: 'Spotify had a problem (Not found). MoodDJ tries again soon.',
      dj: 'Spotify did not take the request: Not found',
      save: 'Spotify did not take the request: Not found',
    });
  });
});

describe('problemText: the features’ own problems', () => {
  it('the feature queue’s, naming the provider', () => {
    expect(problemText({ kind: 'key-rejected' }, 'sync', NOW)).toBe(
      'SoundNet rejected your RapidAPI key (403). MoodDJ goes on with ReccoBeats.',
    );
    expect(problemText({ kind: 'budget' }, 'sync', NOW)).toBe(
      'Today’s request budget is used up; analysis goes on tomorrow.',
    );
    expect(problemText({ kind: 'provider-rate-limited', provider: 'reccobeats' }, 'sync', NOW)).toBe(
      'ReccoBeats asked MoodDJ to slow down; the analysis goes on shortly.',
    );
    expect(problemText({ kind: 'provider-failed', provider: 'soundnet', detail: 'HTTP 503' }, 'sync', NOW)).toBe(
      'SoundNet did not answer properly (HTTP 503). MoodDJ tries again shortly.',
    );
  });

  it('plan-used-up: SoundNet’s plan is spent until the day it resets, and ReccoBeats carries on', () => {
    // Noon UTC on 1 December is 1 December in every time zone within 11 hours of UTC.
    const until = Date.UTC(2026, 11, 1, 12);
    const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long' }).format(until);
    expect(planResetText(until)).toBe(day);
    expect(day).toMatch(/\b1\b/);
    expect(problemText({ kind: 'plan-used-up', until }, 'sync', NOW)).toBe(
      `Your SoundNet plan on RapidAPI is used up until ${day}; ReccoBeats carries on meanwhile.`,
    );
  });

  it('the DJ’s', () => {
    expect(problemText({ kind: 'not-synced' }, 'dj', NOW)).toBe(
      'Sync your library first: MoodDJ picks from your saved tracks.',
    );
    expect(problemText({ kind: 'no-features' }, 'dj', NOW)).toBe(
      'No track is analysed yet. Matching starts as soon as the first ones are.',
    );
    expect(problemText({ kind: 'no-mood' }, 'dj', NOW)).toBe(
      'No mood to queue for yet: pick a mood or turn the camera on, then queue again.',
    );
  });

  it('a save’s', () => {
    expect(problemText({ kind: 'nothing-to-save' }, 'save', NOW)).toBe(
      'Nothing to save yet: queue tracks with MoodDJ first.',
    );
    expect(problemText({ kind: 'request-failed', detail: 'The extension was updated' }, 'save', NOW)).toBe(
      'The extension was updated',
    );
  });
});

describe('problemText covers the live state', () => {
  const { sync, dj, spotify } = liveStateSchema.shape;
  const kindsOf = (union: { unwrap(): { options: readonly { shape: { kind: { value: string } } }[] } }) =>
    union.unwrap().options.map((shape) => shape.shape.kind.value);

  it('words every kind the sync, the DJ and the connection can store, with no placeholder left', () => {
    const surfaces: [ProblemDuring, string[]][] = [
      ['sync', kindsOf(sync.shape.problem)],
      ['dj', kindsOf(dj.shape.problem)],
      ['connection', kindsOf(spotify.shape.problem)],
    ];
    for (const [during, kinds] of surfaces) {
      expect(kinds.length).toBeGreaterThan(10);
      for (const kind of kinds) {
        // The data each kind needs, filled in for all: extra fields do not change the words.
        const problem = {
          kind,
          stale: false,
          queue: false,
          retryAt: null,
          detail: 'd',
          provider: 'soundnet',
          until: NOW,
        };
        const text = problemText(problem as Problem, during, NOW);
        expect(text, `${during} ${kind}`).toMatch(/\w/);
        expect(text, `${during} ${kind}`).not.toMatch(/\$\d/);
      }
    }
  });
});

describe('when a refusal ends', () => {
  const now = Date.UTC(2026, 11, 6, 9, 0);
  it('says a time today, a weekday and a time later, and "later" without one', () => {
    expect(untilText(now + 60 * 60_000, now)).toMatch(/\d{1,2}:\d{2}/);
    expect(untilText(now + 60 * 60_000, now)).not.toMatch(/[A-Za-z]{3}/);
    expect(untilText(now + 30 * 60 * 60_000, now)).toMatch(/^[A-Za-z]{3},? .*\d{1,2}:\d{2}/);
    expect(untilText(null, now)).toBe('later');
  });

  it('words every refusal, with its time', () => {
    const until = now + 13.6 * 60 * 60_000;
    for (const reason of ['quota', 'rate-limited', 'owner-premium', 'not-registered'] as const) {
      expect(refusalText({ reason, since: now, until }, now), reason).not.toBe('');
    }
    expect(refusalText({ reason: 'quota', since: now, until }, now)).toContain(untilText(until, now));
  });
});

describe('connectProblemText: why Connect failed, with the fix', () => {
  it('names the redirect URI to add, and where', () => {
    expect(
      connectProblemText({
        kind: 'redirect-uri',
        redirectUri: 'https://glmgeodeblocnbhnebfbkflannpckceg.chromiumapp.org/',
      }),
    ).toBe(
      'Your Spotify app does not list MoodDJ’s redirect URI, so Spotify stopped the sign-in (“INVALID_CLIENT: Invalid redirect URI”). Add https://glmgeodeblocnbhnebfbkflannpckceg.chromiumapp.org/ to your app’s Redirect URIs in the Spotify developer dashboard, save, then press Connect Spotify again.',
    );
  });

  it('words every kind, each with what to do next', () => {
    const problems: ConnectProblem[] = [
      { kind: 'no-client-id' },
      { kind: 'invalid-client' },
      { kind: 'cancelled' },
      { kind: 'denied' },
      { kind: 'owner-premium' },
      { kind: 'not-registered' },
      { kind: 'offline' },
      { kind: 'other', detail: 'Spotify sign-in answered a different request (state mismatch); try again' },
    ];
    const texts = problems.map(connectProblemText);
    expect(new Set(texts).size).toBe(problems.length);
    for (const [index, text] of texts.entries()) {
      const kind = problems[index]?.kind ?? '';
      expect(text, kind).toMatch(kind === 'no-client-id' ? /Client ID first/ : /Connect Spotify again|dashboard/);
    }
    expect(texts.at(-1)).toContain('state mismatch');
    expect(connectProblemText({ kind: 'owner-premium' })).toContain('Premium');
  });
});
