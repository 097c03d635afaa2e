import { z } from 'zod';
import { t } from '@/lib/i18n';
import { moodLabel } from '@/lib/mood/label';
import type { Mood } from '@/lib/mood/types';
import { PLAYLIST_ITEMS_CHUNK, type SpotifyClient } from '@/lib/spotify/client';
import type { SpotifyProblem } from '@/lib/spotify/problems';
import type { MoodSegment } from './aggregate';
import { type ListeningSession, nameMoods, sessionDate } from './session';

/** The playlist a session was saved to, and which of its tracks went in (stored in `syncState`). */
export const savedSessionSchema = z.object({
  /** The session's first event: a session is known by it. */
  from: z.number(),
  playlistId: z.string().min(1),
  name: z.string(),
  trackIds: z.array(z.string()),
});
export type SavedSession = z.infer<typeof savedSessionSchema>;

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
  /** The playlist this session was saved to, if it was. */
  saved: { url: string; name: string; tracks: number } | null;
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

/** "MoodDJ · happy → sad · 29 Nov 2026", the moods as the person's language names them. */
export function sessionPlaylistName(moods: readonly Mood[], at: number, locale?: string): string {
  const trip = nameMoods(moods)
    .map((mood) => (mood === '…' ? '…' : moodLabel(mood).toLowerCase()))
    .join(' → ');
  const date = sessionDate(at, locale);
  return trip ? t('session_playlist_name', trip, date) : t('session_playlist_name_plain', date);
}

/** The saved record only counts for the session it was made for. */
function savedFor(session: ListeningSession, saved: SavedSession | null): SavedSession | null {
  return saved && saved.from === session.from ? saved : null;
}

export function sessionView(session: ListeningSession, saved: SavedSession | null, locale?: string): SessionView {
  const mine = savedFor(session, saved);
  const inPlaylist = new Set(mine?.trackIds ?? []);
  return {
    from: session.from,
    to: session.to,
    ongoing: session.ongoing,
    tracks: session.trackIds.length,
    unsaved: session.trackIds.filter((id) => !inPlaylist.has(id)).length,
    segments: session.segments.slice(-VIEW_SEGMENTS_MAX),
    name: sessionPlaylistName(session.moods, session.from, locale),
    saved: mine ? { url: playlistUrl(mine.playlistId), name: mine.name, tracks: mine.trackIds.length } : null,
  };
}

export interface SaveSessionDeps {
  client: Pick<SpotifyClient, 'createPlaylist' | 'addPlaylistItems' | 'followsPlaylist'>;
  load(): Promise<SavedSession | null>;
  store(saved: SavedSession): Promise<void>;
  locale?: string;
}

/**
 * Saves the session's tracks to a new private playlist. Saving the same session again adds only the tracks
 * queued since (a second identical playlist is never made); a playlist the person unfollowed ("deleted") is
 * replaced by a new one. What went in is stored after each request of at most 100 tracks, so a failure part
 * way loses nothing: the next save adds the rest. Returns the record and how many tracks were added.
 */
export async function saveSession(
  deps: SaveSessionDeps,
  session: ListeningSession,
): Promise<{ saved: SavedSession; added: number }> {
  let saved = savedFor(session, await deps.load());
  const pending = () => session.trackIds.filter((id) => !saved?.trackIds.includes(id));
  if (saved && pending().length > 0 && !(await deps.client.followsPlaylist(saved.playlistId))) saved = null;
  if (!saved) {
    const name = sessionPlaylistName(session.moods, session.from, deps.locale);
    const created = await deps.client.createPlaylist({
      name,
      description: t('session_playlist_description', sessionDate(session.from, deps.locale)),
      isPublic: false,
    });
    saved = { from: session.from, playlistId: created.id, name, trackIds: [] };
    // Stored before the items go in: if adding them fails, the next save fills this playlist.
    await deps.store(saved);
  }
  const toAdd = pending();
  for (let start = 0; start < toAdd.length; start += PLAYLIST_ITEMS_CHUNK) {
    const chunk = toAdd.slice(start, start + PLAYLIST_ITEMS_CHUNK);
    await deps.client.addPlaylistItems(
      saved.playlistId,
      chunk.map((id) => `spotify:track:${id}`),
    );
    saved = { ...saved, trackIds: [...saved.trackIds, ...chunk] };
    await deps.store(saved);
  }
  return { saved, added: toAdd.length };
}
