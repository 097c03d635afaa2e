import { createSerialQueue } from '@/lib/async/serial';
import type { BackgroundContext, Service } from '@/lib/background/context';
import type { MoodDjDb } from '@/lib/db/schema';
import { storedValue } from '@/lib/db/stored';
import { implement } from '@/lib/messaging/contract';
import { SpotifyAuthError, SpotifyError } from '@/lib/spotify/errors';
import { problemFacts, spotifyProblem } from '@/lib/spotify/problems';
import { MAX_GAP_MS } from './aggregate';
import { sessionMessages } from './messages';
import { continuesAfter, type ListeningSession, listeningSession } from './session';
import {
  type PlaylistNaming,
  type SavedSession,
  type SessionSaveOutcome,
  type SessionView,
  savedSessionSchema,
  saveSession,
  sessionView,
} from './session-save';

/**
 * How far back a session is looked for. A session longer than this is cut to its last day; one that
 * ended longer ago than this is over (nothing to save).
 * @default 24 hours
 */
export const SESSION_LOOKBACK_MS = 24 * 60 * 60 * 1000;

const savedValue = storedValue('session-playlist', savedSessionSchema.nullable(), () => null);

/** The latest listening session at `now`, from the last day of mood and play rows. */
export async function loadSession(db: MoodDjDb, now: number, maxGapMs = MAX_GAP_MS): Promise<ListeningSession | null> {
  const since = now - SESSION_LOOKBACK_MS;
  const [moods, plays] = await db.transaction('r', db.moodEvents, db.playEvents, () =>
    Promise.all([
      db.moodEvents.where('at').between(since, now, true, true).toArray(),
      db.playEvents.where('at').between(since, now, true, true).toArray(),
    ]),
  );
  return listeningSession(moods, plays, now, maxGapMs);
}

/**
 * Whether a stored record is `session`'s: the session's events follow on from the record's newest without a
 * silence longer than `maxGapMs`. Checked on the rows, not by the session's first event, which moves when the
 * look-back cuts a long session or "Delete mood history" takes its first rows.
 */
export async function belongsTo(
  db: MoodDjDb,
  saved: SavedSession,
  session: ListeningSession,
  maxGapMs = MAX_GAP_MS,
): Promise<boolean> {
  if (session.from <= saved.last) return true;
  const [moods, plays] = await db.transaction('r', db.moodEvents, db.playEvents, () =>
    Promise.all([
      db.moodEvents.where('at').between(saved.last, session.from, false, true).keys(),
      db.playEvents.where('at').between(saved.last, session.from, false, true).keys(),
    ]),
  );
  return continuesAfter(saved.last, [...moods, ...plays] as number[], maxGapMs);
}

export interface SessionServiceDeps {
  /** The locale of dates in playlist names. @default the browser's */
  locale?: string;
  /** A new session identity. @default crypto.randomUUID */
  newId?: () => string;
}

/**
 * "Save as playlist", to keep a listening session's music: the panel and the popup read the session
 * (`readSession`) and save it (`saveSession`) into a new playlist MoodDJ asks Spotify to keep off the profile.
 * Saves run one at a time, so two clicks (or two surfaces) never make two playlists for one session; a second
 * save adds only what is new.
 */
export function createSessionService(ctx: BackgroundContext, deps: SessionServiceDeps = {}): Service {
  const { db, clock } = ctx;
  const inTurn = createSerialQueue().run;

  const newId = deps.newId ?? (() => crypto.randomUUID());

  /** The stored record, when it is `session`'s. */
  async function recordOf(session: ListeningSession): Promise<SavedSession | null> {
    const saved = await savedValue.get(db);
    return saved && (await belongsTo(db, saved, session)) ? saved : null;
  }

  /** How playlists are named: with moods only when the person asked (Options → DJ). */
  async function naming(): Promise<PlaylistNaming> {
    const { dj } = await ctx.settings.get();
    return { withMoods: dj.moodsInPlaylistNames, ...(deps.locale ? { locale: deps.locale } : {}) };
  }

  async function view(): Promise<SessionView | null> {
    const session = await loadSession(db, clock.now());
    return session ? sessionView(session, await recordOf(session), await naming()) : null;
  }

  async function save(): Promise<SessionSaveOutcome> {
    const session = await loadSession(db, clock.now());
    if (!session || session.trackIds.length === 0) {
      return { ok: false, problem: { kind: 'nothing-to-save' } };
    }
    try {
      // The person's own click: after "not registered" or the owner's Premium, Spotify is asked again now.
      await ctx.spotifyGate.retryNow();
      const named = await naming();
      const { saved, added } = await saveSession(
        {
          client: ctx.spotify,
          load: () => savedValue.get(db),
          belongs: (saved) => belongsTo(db, saved, session),
          store: (value: SavedSession) => savedValue.set(db, value, clock.now()),
          newId,
          now: () => clock.now(),
          naming: named,
        },
        session,
      );
      return { ok: true, view: sessionView(session, saved, named), added };
    } catch (error) {
      const problem = spotifyProblem(error, clock.now());
      // The connection shows "connect again" too, as after a DJ failure.
      if (problemFacts(problem).signedOut) ctx.events.emit('spotifySignedOut', undefined);
      // Spotify's refusals are the person's to fix and are shown; anything else is a fault of ours.
      else if (!(error instanceof SpotifyError || error instanceof SpotifyAuthError)) ctx.report(error, 'history');
      return { ok: false, problem };
    }
  }

  return {
    name: 'session',
    handles: [
      implement(sessionMessages, {
        readSession: () => view(),
        // A writer (`ctx.writers`): "delete everything" waits for a save under way, so its row does not come back.
        saveSession: () => ctx.writers.run('session-save', () => inTurn(save)),
      }),
    ],
  };
}
