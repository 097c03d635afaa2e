import { z } from 'zod';
import { t } from '@/lib/i18n';
import { moodLabel } from '@/lib/mood/label';
import type { PickableMood } from '@/lib/mood/types';
import { PLAYLIST_ITEMS_CHUNK, type SpotifyClient } from '@/lib/spotify/client';
import { createPlaylistOnce, findOwnPlaylist, playlistUris } from '@/lib/spotify/playlists';
import type { SpotifyProblem } from '@/lib/spotify/problems';
import type { MoodSegment } from './aggregate';
import { type ListeningSession, nameMoods, sessionDate, sessionDateTime } from './session';

/** How many playlists of earlier sessions a record remembers (see `others`). */
export const OTHERS_MAX = 20;

const recordSchema = z.object({
  /** The session's own identity, made when it was first saved and kept while it goes on (never its first event's time). */
  id: z.string().min(1),
  /** The session's newest event when it was last saved: the session goes on while its events follow on from here. */
  last: z.number(),
  /** The playlist's name, as asked for. */
  name: z.string(),
  /** Null until Spotify's answer to the create said which playlist it made (or a look-up found it). */
  playlistId: z.string().min(1).nullable(),
  /** When a create was asked whose answer never came (a 5xx, a timeout, a restart): look for it before another. */
  askedAt: z.number().nullable(),
  /** Whether Spotify shows the playlist on the profile, as Spotify reported it (it may ignore `public: false`). */
  public: z.boolean().nullable(),
  /** The session's tracks known to be in the playlist. */
  trackIds: z.array(z.string()),
  /**
   * Playlists of earlier sessions, and one this session left behind (unfollowed): a look-up by name never takes
   * them for this session's, though a session of the same day and moods has the same name.
   */
  others: z.array(z.string()).max(OTHERS_MAX),
});
export type SavedSession = z.infer<typeof recordSchema>;

/** A record from an older MoodDJ, known by the session's first event: read as a session of its own. */
const legacySchema = z
  .object({ from: z.number(), playlistId: z.string().min(1), name: z.string(), trackIds: z.array(z.string()) })
  .transform(
    (old): SavedSession => ({
      id: `session-${old.from}`,
      last: old.from,
      name: old.name,
      playlistId: old.playlistId,
      askedAt: null,
      public: null,
      trackIds: old.trackIds,
      others: [],
    }),
  );

/** The playlist a session was saved to, and which of its tracks went in (stored in `syncState`). */
export const savedSessionSchema = z.union([recordSchema, legacySchema]);

/** The most mood stretches a view carries: a strip 300 px wide shows no more. */
export const VIEW_SEGMENTS_MAX = 200;

/** What the panel and the popup show next to "Save as playlist". Plain data: it survives structured clone. */
export interface SessionView {
  from: number;
  to: number;
  ongoing: boolean;
  /** Tracks the playlist would hold. */
  tracks: number;
  /** Tracks not yet in the playlist it was saved to (all of them before the first save). */
  unsaved: number;
  segments: MoodSegment[];
  /** The name a new playlist gets. */
  name: string;
  /**
   * The playlist this session was saved to, if it was. `public` is what Spotify reported when it made it (true:
   * on the profile, whatever MoodDJ asked), null when it did not say.
   */
  saved: { url: string; name: string; tracks: number; public: boolean | null } | null;
}

/** Why a session was not saved, as data (the surface words it): Spotify's problems, or its own. */
export type SessionProblem =
  | SpotifyProblem
  /** The session has no track MoodDJ queued. */
  | { kind: 'nothing-to-save' }
  /** The background did not answer the page (`detail`: why); the save may not have started. */
  | { kind: 'request-failed'; detail: string };

export type SessionSaveOutcome =
  | { ok: true; view: SessionView; added: number }
  | { ok: false; problem: SessionProblem };

export function playlistUrl(playlistId: string): string {
  return `https://open.spotify.com/playlist/${encodeURIComponent(playlistId)}`;
}

/**
 * How a session's playlist is named. A playlist lives on the person's Spotify account, where MoodDJ's delete
 * buttons cannot reach and others may read it (the profile, a shared link, Spotify's search): its moods go into
 * the name and description only when the person asked (`dj.moodsInPlaylistNames`, off by default).
 */
export interface PlaylistNaming {
  withMoods: boolean;
  /** The locale of the date. @default the UI language's */
  locale?: string;
}

/** "Happy → … → Sad", the moods as the person's language names them; empty without moods. */
function moodTrip(moods: readonly PickableMood[]): string {
  return nameMoods(moods)
    .map((mood) => (mood === '…' ? '…' : moodLabel(mood)))
    .join(' → ');
}

/**
 * "MoodDJ · 6 Dec 2026, 21:40": the session's start, which tells two sessions of one day apart and stays true
 * when "Add N new" adds tracks (a track count in the name would not). With moods asked for:
 * "MoodDJ · Happy → Sad · 29 Nov 2026".
 */
export function sessionPlaylistName(moods: readonly PickableMood[], at: number, naming: PlaylistNaming): string {
  const trip = naming.withMoods ? moodTrip(moods) : '';
  return trip
    ? t('session_playlist_name', trip, sessionDate(at, naming.locale))
    : t('session_playlist_name_plain', sessionDateTime(at, naming.locale));
}

/** The playlist's description on Spotify: what it holds and when; its moods only when asked for. */
export function sessionPlaylistDescription(moods: readonly PickableMood[], at: number, naming: PlaylistNaming): string {
  const trip = naming.withMoods ? moodTrip(moods) : '';
  const date = sessionDate(at, naming.locale);
  return trip ? t('session_playlist_description_moods', date, trip) : t('session_playlist_description', date);
}

/** The view of `session`; `mine` is its record (the caller decides which record is the session's). */
export function sessionView(session: ListeningSession, mine: SavedSession | null, naming: PlaylistNaming): SessionView {
  const inPlaylist = new Set(mine?.playlistId ? mine.trackIds : []);
  return {
    from: session.from,
    to: session.to,
    ongoing: session.ongoing,
    tracks: session.trackIds.length,
    unsaved: session.trackIds.filter((id) => !inPlaylist.has(id)).length,
    segments: session.segments.slice(-VIEW_SEGMENTS_MAX),
    name: sessionPlaylistName(session.moods, session.from, naming),
    saved: mine?.playlistId
      ? { url: playlistUrl(mine.playlistId), name: mine.name, tracks: mine.trackIds.length, public: mine.public }
      : null,
  };
}

export interface SaveSessionDeps {
  client: Pick<
    SpotifyClient,
    'me' | 'createPlaylist' | 'addPlaylistItems' | 'followsPlaylist' | 'myPlaylists' | 'playlistItems'
  >;
  /** The stored record: this session's, an earlier one's, or none. */
  load(): Promise<SavedSession | null>;
  /** Whether a stored record is the session's being saved (its events follow on from the record's). */
  belongs(saved: SavedSession): Promise<boolean>;
  store(saved: SavedSession): Promise<void>;
  /** A new session identity. */
  newId(): string;
  now(): number;
  naming: PlaylistNaming;
}

const trackUri = (id: string) => `spotify:track:${id}`;

function remember(others: readonly string[], playlistId: string | null): string[] {
  if (!playlistId) return [...others];
  return [playlistId, ...others.filter((id) => id !== playlistId)].slice(0, OTHERS_MAX);
}

/**
 * Saves the session's tracks to a new playlist, asking Spotify to keep it off the profile. Each write happens
 * once: saving again adds only the tracks the playlist lacks (it is read first, so a write whose answer was lost
 * is not repeated); the intent to create is stored before the POST, and a create whose answer never came is
 * looked for by name before another is made; a playlist the person unfollowed ("deleted") is replaced by a new
 * one. What went in is stored after each request of at most 100 tracks, so a failure part way loses nothing.
 * Returns the record and how many tracks were added.
 */
export async function saveSession(
  deps: SaveSessionDeps,
  session: ListeningSession,
): Promise<{ saved: SavedSession; added: number }> {
  const stored = await deps.load();
  let saved: SavedSession =
    stored && (await deps.belongs(stored))
      ? stored
      : {
          id: deps.newId(),
          last: session.last,
          name: '',
          playlistId: null,
          askedAt: null,
          public: null,
          trackIds: [],
          others: stored ? remember(stored.others, stored.playlistId) : [],
        };
  const keep = async (next: SavedSession) => {
    saved = { ...next, last: Math.max(next.last, session.last) };
    await deps.store(saved);
  };
  const unsaved = () => session.trackIds.filter((id) => !saved.trackIds.includes(id));

  let playlistId = saved.playlistId;
  /** Whether the playlist was there before this save: what it holds is read before adding. */
  let existing = playlistId !== null;
  if (playlistId && unsaved().length > 0 && (await deps.client.followsPlaylist(playlistId)) === false) {
    // Unfollowed: it stays, and stays writable, but out of the person's sight. A new one takes the tracks.
    // (Unknown, when Spotify refused the question, counts as still followed.)
    const others = remember(saved.others, playlistId);
    await keep({ ...saved, playlistId: null, askedAt: null, public: null, trackIds: [], others });
    playlistId = null;
    existing = false;
  }
  if (!playlistId) {
    const found = saved.askedAt === null ? null : await findOwnPlaylist(deps.client, saved.name, saved.others);
    if (found) {
      await keep({ ...saved, playlistId: found.id, askedAt: null, public: found.public ?? null });
      existing = true;
    } else {
      const name = sessionPlaylistName(session.moods, session.from, deps.naming);
      const description = sessionPlaylistDescription(session.moods, session.from, deps.naming);
      const created = await createPlaylistOnce(
        deps.client,
        { name, description },
        {
          remember: () => keep({ ...saved, name, askedAt: deps.now() }),
          forget: () => keep({ ...saved, askedAt: null }),
        },
      );
      // Stored before the items go in: if adding them fails, the next save fills this playlist.
      await keep({ ...saved, playlistId: created.id, askedAt: null, public: created.public ?? null });
    }
    playlistId = saved.playlistId as string;
  }

  let toAdd = unsaved();
  if (existing && toAdd.length > 0) {
    const holds = await playlistUris(deps.client, playlistId);
    const already = toAdd.filter((id) => holds.has(trackUri(id)));
    if (already.length > 0) await keep({ ...saved, trackIds: [...saved.trackIds, ...already] });
    toAdd = toAdd.filter((id) => !holds.has(trackUri(id)));
  }
  for (let start = 0; start < toAdd.length; start += PLAYLIST_ITEMS_CHUNK) {
    const chunk = toAdd.slice(start, start + PLAYLIST_ITEMS_CHUNK);
    await deps.client.addPlaylistItems(playlistId, chunk.map(trackUri));
    await keep({ ...saved, trackIds: [...saved.trackIds, ...chunk] });
  }
  return { saved, added: toAdd.length };
}
