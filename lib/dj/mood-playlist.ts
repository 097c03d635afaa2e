import { z } from 'zod';
import type { MoodDjDb } from '@/lib/db/schema';
import { storedValue } from '@/lib/db/stored';
import { t } from '@/lib/i18n';
import type { PickableMood } from '@/lib/mood/types';
import type { SpotifyClient } from '@/lib/spotify/client';
import { SpotifyError } from '@/lib/spotify/errors';
import { createPlaylistOnce, findOwnPlaylist } from '@/lib/spotify/playlists';

/*
 * The fallback without Premium: a playlist refilled (PUT, idempotent) with the mood's tracks each time.
 * By default one "MoodDJ · picks" playlist serves every mood, so its name and description say nothing about
 * moods on the person's Spotify account; with moods in playlist names (Options → DJ), one
 * "MoodDJ · <mood>" playlist per mood, as before.
 * Made once: the intent is stored before `POST /me/playlists`, and a create whose answer never came (a 5xx or
 * timeout Spotify may have applied, a worker restart) is looked for by name before another is made.
 */

const entrySchema = z.object({
  /** Null while a create is asked and unanswered. */
  id: z.string().min(1).nullable(),
  name: z.string(),
  /** When the create was asked, while its answer is missing. */
  askedAt: z.number().nullable(),
  /** Whether Spotify shows it on the profile, as Spotify reported it when it made it; null when it did not say. */
  public: z.boolean().nullable(),
});
type Entry = z.infer<typeof entrySchema>;

/** Each mood's playlist, and the shared one under `SHARED_KEY`. An older MoodDJ kept only the id. */
const playlistsValue = storedValue(
  'dj-playlists',
  z.record(
    z.string(),
    z.union([entrySchema, z.string().transform((id): Entry => ({ id, name: '', askedAt: null, public: null }))]),
  ),
  () => ({}),
);

export interface MoodPlaylistDeps {
  db: MoodDjDb;
  client: Pick<SpotifyClient, 'me' | 'createPlaylist' | 'replacePlaylistItems' | 'followsPlaylist' | 'myPlaylists'>;
  now(): number;
}

/** The playlist as the panel shows it: where it is, and whether Spotify shows it on the profile (null: unknown). */
export interface MoodPlaylist {
  id: string;
  /** Its name on Spotify. */
  name: string;
  public: boolean | null;
}

/** Which stored playlist the fallback fills, and the name and description a new one gets. */
export interface PlaylistTarget {
  key: string;
  name: string;
  description: string;
}

/** The key of the one playlist every mood shares while moods stay out of playlist names. */
export const SHARED_KEY = 'picks';

/**
 * The playlist for `mood` (named `label` on its button). Without moods in names, every mood fills the one shared
 * playlist: distinct names per mood without naming the mood would still be a code for it (whoever sees two of
 * them can tell which is the sad one), and each playlist is refilled on every press anyway, so separate ones
 * kept no history, only more playlists on the person's account.
 */
export function playlistTarget(mood: PickableMood, label: string, withMoods: boolean): PlaylistTarget {
  return withMoods
    ? { key: mood, name: t('dj_playlist_name', label), description: t('dj_playlist_description', label) }
    : { key: SHARED_KEY, name: t('dj_playlist_name_plain'), description: t('dj_playlist_description_plain') };
}

/** Fills the `target` playlist with `uris` (making it, once, when there is none to fill). */
export async function fillMoodPlaylist(
  deps: MoodPlaylistDeps,
  target: PlaylistTarget,
  uris: readonly string[],
): Promise<MoodPlaylist> {
  const { db, client } = deps;
  const { key, name, description } = target;
  const keep = (entry: Entry | null) =>
    playlistsValue.update(
      db,
      (all) => {
        const { [key]: _previous, ...rest } = all;
        return entry ? { ...rest, [key]: entry } : rest;
      },
      deps.now(),
    );
  const stored = (await playlistsValue.get(db))[key] ?? null;
  /** A playlist of this key MoodDJ left behind (unfollowed, gone): never taken for the new one. */
  let leftBehind: string | null = null;

  if (stored?.id) {
    // Spotify has no playlist deletion: "deleting" it only unfollows it, and it stays writable. Refilling a
    // playlist the person threw away would bring nothing back into view; make a new one instead. Unknown (Spotify
    // refused the question) counts as still followed.
    if ((await client.followsPlaylist(stored.id)) === false) leftBehind = stored.id;
    else {
      try {
        await client.replacePlaylistItems(stored.id, uris);
        // An older MoodDJ kept only the id: the name it was made with is the target's.
        return { id: stored.id, name: stored.name || name, public: stored.public };
      } catch (error) {
        if (!(error instanceof SpotifyError && error.kind === 'not-found')) throw error;
        leftBehind = stored.id;
      }
    }
  }

  const asked = stored && stored.id === null && stored.askedAt !== null ? stored : null;
  let made = asked ? await findOwnPlaylist(client, asked.name, leftBehind ? [leftBehind] : []) : null;
  if (!made) {
    const intent: Entry = { id: null, name, askedAt: deps.now(), public: null };
    made = await createPlaylistOnce(
      client,
      { name, description },
      { remember: () => keep(intent).then(() => undefined), forget: () => keep(null).then(() => undefined) },
    );
  }
  const entry: Entry = { id: made.id, name: made.name, askedAt: null, public: made.public ?? null };
  // Stored before the items go in: if filling it fails, the next try refills this one.
  await keep(entry);
  await client.replacePlaylistItems(made.id, uris);
  return { id: made.id, name: made.name, public: entry.public };
}
