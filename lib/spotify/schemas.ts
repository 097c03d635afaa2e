import { z } from 'zod';

/*
 * Schemas for every Spotify body MoodDJ reads. Liberal where real recordings vary (extra fields pass
 * through, nulls where the recordings have nulls, fields missing from older recordings are optional),
 * strict on the fields MoodDJ uses. `schemas.test.ts` runs every recorded payload in
 * ../shared/payloads/spotify through them.
 *
 * Types derive from these schemas rather than from @spotify/web-api-ts-sdk 1.2.0, whose types say
 * `id: string` where local files have `id: null` and still carry `product`/`email`/`country`.
 */

const image = z.looseObject({
  url: z.string(),
  height: z.number().nullable().optional(),
  width: z.number().nullable().optional(),
});

// ---------------------------------------------------------------------------------------------
// accounts.spotify.com/api/token

/** `grant_type=authorization_code`: a refresh token always comes with it. */
export const CodeTokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1),
  scope: z.string().optional(),
});
export type CodeTokenResponse = z.infer<typeof CodeTokenResponseSchema>;

/**
 * `grant_type=refresh_token`. Spotify rotates the refresh token, but the docs say it may be absent and a
 * recorded reply omits it: the caller then keeps the old one.
 */
export const RefreshTokenResponseSchema = CodeTokenResponseSchema.extend({
  refresh_token: z.string().min(1).optional(),
});
export type RefreshTokenResponse = z.infer<typeof RefreshTokenResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Error bodies

/** Web API errors: `{"error":{"status":404,"message":"…","reason":"NO_ACTIVE_DEVICE"}}`. */
export const ApiErrorBodySchema = z.looseObject({
  error: z.looseObject({
    status: z.number().int(),
    message: z.string(),
    reason: z.string().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/** Accounts (OAuth) errors: `{"error":"invalid_grant","error_description":"Refresh token revoked"}`. */
export const OAuthErrorBodySchema = z.looseObject({
  error: z.string(),
  error_description: z.string().optional(),
});
export type OAuthErrorBody = z.infer<typeof OAuthErrorBodySchema>;

export const ErrorBodySchema = z.union([ApiErrorBodySchema, OAuthErrorBodySchema]);
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

// ---------------------------------------------------------------------------------------------
// GET /me — since the February 2026 changes there is no `product`, `email` or `country`.

export const UserSchema = z.looseObject({
  id: z.string().min(1),
  display_name: z.string().nullable().default(null),
  images: z.array(image).optional(),
  /** Spotify's stable account id (newer responses only). */
  account_id: z.string().optional(),
});
export type User = z.infer<typeof UserSchema>;

// ---------------------------------------------------------------------------------------------
// Tracks (GET /me/tracks, player items)

export const ArtistRefSchema = z.looseObject({
  /** Null for the artist of a local file. */
  id: z.string().nullable(),
  name: z.string(),
});

export const TrackSchema = z.looseObject({
  /** Null for local files (and for tracks Spotify cannot resolve). */
  id: z.string().nullable(),
  uri: z.string().min(1),
  name: z.string(),
  artists: z.array(ArtistRefSchema),
  /** Local files have an album with null id/uri and a name (possibly ""). */
  album: z.looseObject({ name: z.string() }),
  duration_ms: z.number().nonnegative(),
  /** Missing in 2015-era recordings; those were never local files. */
  is_local: z.boolean().default(false),
  /**
   * `/me/tracks` sends `false` for a saved track the user cannot play (even without `market`). Missing in older
   * recordings and null are read as playable: only Spotify's explicit `false` keeps a track from the DJ.
   */
  is_playable: z.boolean().nullable().optional(),
});
export type Track = z.infer<typeof TrackSchema>;

export const SavedTrackItemSchema = z.looseObject({
  /** ISO 8601 UTC, e.g. "2026-02-23T13:28:26Z". */
  added_at: z.iso.datetime({ offset: true }),
  /** Documented as always present; kept nullable because playlist items can be null and we share the shape. */
  track: TrackSchema.nullable(),
});
export type SavedTrackItem = z.infer<typeof SavedTrackItemSchema>;

/**
 * A page of `GET /me/tracks`: the envelope is strict, each item is read on its own. An item that does not parse
 * is left out and counted in `unreadable`: one odd item must not cost the other 49, nor stop the
 * listing at that offset. `items` keeps the readable ones in order.
 */
export const SavedTracksPageSchema = z
  .looseObject({
    items: z.array(z.unknown()),
    next: z.string().nullable(),
    total: z.number().int().nonnegative(),
    offset: z.number().int().nonnegative(),
    limit: z.number().int().nonnegative(),
  })
  .transform((page) => {
    const items: SavedTrackItem[] = [];
    for (const item of page.items) {
      const parsed = SavedTrackItemSchema.safeParse(item);
      if (parsed.success) items.push(parsed.data);
    }
    return { ...page, items, unreadable: page.items.length - items.length };
  });
export type SavedTracksPage = z.infer<typeof SavedTracksPageSchema>;

// ---------------------------------------------------------------------------------------------
// Player: GET /me/player/currently-playing, GET /me/player, GET /me/player/devices

export const DeviceSchema = z.looseObject({
  /** Null for some speakers (recorded: a "Speaker" playing an episode). */
  id: z.string().nullable(),
  is_active: z.boolean(),
  name: z.string(),
  /** "Computer", "Smartphone", "Speaker", … (the docs example even says "computer"). */
  type: z.string(),
  /** A restricted device accepts no Web API commands. Missing from some recordings. */
  is_restricted: z.boolean().default(false),
  volume_percent: z.number().nullable().optional(),
});
export type Device = z.infer<typeof DeviceSchema>;

export const DevicesSchema = z.looseObject({ devices: z.array(DeviceSchema) });
export type Devices = z.infer<typeof DevicesSchema>;

const playingTrack = TrackSchema.extend({ type: z.literal('track') });

/** Podcast episodes, and audiobook chapters (which the player also reports as "episode"). */
const playingEpisode = z.looseObject({
  type: z.literal('episode'),
  id: z.string(),
  uri: z.string(),
  name: z.string(),
  duration_ms: z.number().nonnegative(),
});

export const PlayingItemSchema = z.discriminatedUnion('type', [playingTrack, playingEpisode]);
export type PlayingItem = z.infer<typeof PlayingItemSchema>;

export const CURRENTLY_PLAYING_TYPES = ['track', 'episode', 'ad', 'unknown'] as const;
export type CurrentlyPlayingType = (typeof CURRENTLY_PLAYING_TYPES)[number];

const playbackFields = {
  timestamp: z.number(),
  /** Missing in some recordings, null per the docs when nothing is loaded. */
  progress_ms: z.number().nullable().default(null),
  is_playing: z.boolean(),
  /** Null during ads (and for unknown content). */
  item: PlayingItemSchema.nullable().default(null),
  /** Missing in 2017-era recordings: then it is derived from `item.type`. */
  currently_playing_type: z.enum(CURRENTLY_PLAYING_TYPES).optional(),
};

function withPlayingType<T extends { item: PlayingItem | null; currently_playing_type?: CurrentlyPlayingType }>(
  value: T,
): T & { currently_playing_type: CurrentlyPlayingType } {
  return { ...value, currently_playing_type: value.currently_playing_type ?? value.item?.type ?? 'unknown' };
}

/** `GET /me/player/currently-playing` (its 204 "nothing playing" is handled before parsing). */
export const CurrentlyPlayingSchema = z
  .looseObject({ ...playbackFields, device: DeviceSchema.optional() })
  .transform(withPlayingType);
export type CurrentlyPlaying = z.infer<typeof CurrentlyPlayingSchema>;

/** `GET /me/player`: the same, plus the device. */
export const PlayerStateSchema = z.looseObject({ ...playbackFields, device: DeviceSchema }).transform(withPlayingType);
export type PlayerState = z.infer<typeof PlayerStateSchema>;

// ---------------------------------------------------------------------------------------------
// Playlists (POST /me/playlists, GET /me/playlists, GET|PUT|POST /playlists/{id}/items)

export const PlaylistSchema = z.looseObject({
  id: z.string().min(1),
  uri: z.string().min(1),
  name: z.string(),
  snapshot_id: z.string().optional(),
  /**
   * Whether Spotify shows it on the owner's profile, as Spotify reports it: a create with `public: false` has
   * come back `true` (a live test, Sept 2026), so this, not what was asked, is what the person is told.
   * Null: "not relevant" (the reference's words); missing from some bodies.
   */
  public: z.boolean().nullable().optional(),
  owner: z.looseObject({ id: z.string(), display_name: z.string().nullable().optional() }).nullable().optional(),
  collaborative: z.boolean().optional(),
  /** `GET /me/playlists` since February 2026: a summary `{ href, total }` (before: under `tracks`). */
  items: z.looseObject({ total: z.number().int().nonnegative() }).optional(),
  tracks: z.looseObject({ total: z.number().int().nonnegative() }).nullable().optional(),
});
export type Playlist = z.infer<typeof PlaylistSchema>;

const pageFields = {
  /** Null on the last page; missing from some cut-down recordings, which are one page. */
  next: z.string().nullable().default(null),
  total: z.number().int().nonnegative().optional(),
};

/** `GET /me/playlists`: the playlists the user owns or follows, at most 50 a page. */
export const PlaylistsPageSchema = z.looseObject({ items: z.array(PlaylistSchema.nullable()), ...pageFields });
export type PlaylistsPage = z.infer<typeof PlaylistsPageSchema>;

/** What of a playlist entry MoodDJ reads: its URI. Null where Spotify no longer has the track. */
const entryItem = z.looseObject({ uri: z.string() }).nullable().optional();

/**
 * `GET /playlists/{id}/items`: since February 2026 each entry carries the track under `item`; older bodies (and
 * the deprecated field) under `track`. `uris` lists each entry's URI in order (null for an unavailable one).
 */
export const PlaylistItemsPageSchema = z
  .looseObject({ items: z.array(z.looseObject({ item: entryItem, track: entryItem })), ...pageFields })
  .transform((page) => ({ ...page, uris: page.items.map((entry) => (entry.item ?? entry.track)?.uri ?? null) }));
export type PlaylistItemsPage = z.infer<typeof PlaylistItemsPageSchema>;

export const SnapshotSchema = z.looseObject({ snapshot_id: z.string() });
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** "path.to[0].field: message" for the first issue, for error messages (never the received value). */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.length > 0 ? issue.path.map((part) => String(part)).join('.') : '(root)';
  return `${path}: ${issue.message}`;
}

/** Spotify's own words from an error body of either form: a message and a machine reason, or null. */
export function readErrorBody(text: string): { message: string; reason: string | null } | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const api = ApiErrorBodySchema.safeParse(json);
  if (api.success) return { message: api.data.error.message, reason: api.data.error.reason ?? null };
  const oauth = OAuthErrorBodySchema.safeParse(json);
  if (oauth.success) return { message: oauth.data.error_description ?? '', reason: oauth.data.error };
  return null;
}
