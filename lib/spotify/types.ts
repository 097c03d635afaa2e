/**
 * Spotify's object types, from `@spotify/web-api-ts-sdk` (types only: `import type` brings no SDK code into
 * the bundle; the SDK's runtime still calls removed endpoints and loses Retry-After, see shared/PLATFORM.md).
 *
 * The zod schemas in ./schemas.ts are what MoodDJ trusts at run time; the checks at the bottom prove, at
 * compile time, that what each schema lets through has the SDK's shape for the fields MoodDJ reads. A
 * schema that drifts from Spotify's documented types stops type-checking here.
 *
 * Where Spotify's 2026 Web API (the February 2026 development-mode changes) differs from the SDK 1.2.0:
 * - playlist items moved from `/playlists/{id}/tracks` to `/playlists/{id}/items`, and each entry holds
 *   its track in `item`, not `track` (`PlaylistedTrack.track` is the old shape);
 * - `Track.popularity` is gone;
 * - `UserProfile.product`, `.email` and `.country` are gone (Premium cannot be checked up front: the player
 *   answers 403 PREMIUM_REQUIRED instead), and `/me` may carry an `account_id` the SDK does not know;
 * - `POST /users/{id}/playlists` is gone (`POST /me/playlists`);
 * - `preview_url` and the audio-features/analysis endpoints were removed earlier (November 2024).
 * And where the SDK was always looser than the answers: a local file's track and artists have `id: null`
 * (the SDK says `string`), and the player's `item` is null during ads.
 */
import type {
  AccessToken,
  Device,
  Devices,
  Episode,
  Page,
  PlaybackState,
  Playlist,
  SavedTrack,
  SimplifiedArtist,
  SnapshotReference,
  Track,
  User,
  UserProfile,
} from '@spotify/web-api-ts-sdk';
import type {
  CodeTokenResponse,
  Device as DeviceBody,
  Devices as DevicesBody,
  PlayerState,
  PlayingItem,
  Playlist as PlaylistBody,
  SavedTrackItem,
  SavedTracksPage,
  Snapshot,
  Track as TrackBody,
  User as UserBody,
} from './schemas';

export type {
  AccessToken,
  Device,
  Devices,
  Episode,
  Page,
  PlaybackState,
  Playlist,
  SavedTrack,
  SimplifiedArtist,
  SnapshotReference,
  Track,
  User,
  UserProfile,
};

/** `true` when every `Ours` is a `Theirs`; the brackets stop unions from being checked member by member. */
type Fits<Ours, Theirs> = [Ours] extends [Theirs] ? true : false;
type Check<T extends true> = T;
/** `T` without zod's `looseObject` index signature (which would swallow `Omit`'s named keys) and without `K`. */
type Without<T, K extends PropertyKey> = { [P in keyof T as string extends P ? never : P extends K ? never : P]: T[P] };
/** The device fields MoodDJ reads (`is_private_session` is not among them, and not in every recording). */
type DeviceFields = Pick<Device, 'id' | 'is_active' | 'name' | 'type' | 'is_restricted'>;

/** The fields of a Spotify track MoodDJ reads, as the SDK types them (`id` aside: local files have none). */
type TrackFields = Pick<Track, 'uri' | 'name' | 'duration_ms' | 'is_local'> & {
  artists: Pick<SimplifiedArtist, 'name'>[];
  album: Pick<Track['album'], 'name'>;
};

/**
 * Compile-time checks, one per schema: what the schema accepts is the SDK's type for the fields MoodDJ
 * uses. Exported only so the compiler keeps them; nothing imports it.
 */
export type SchemasFitTheSdk = [
  Check<Fits<CodeTokenResponse, Pick<AccessToken, 'access_token' | 'expires_in' | 'refresh_token'>>>,
  Check<Fits<UserBody, Pick<User, 'id'>>>,
  Check<Fits<Without<TrackBody, 'id'>, TrackFields>>,
  Check<Fits<TrackBody['id'], Track['id'] | null>>,
  Check<Fits<Without<SavedTrackItem, 'track'>, Omit<SavedTrack, 'track'>>>,
  Check<Fits<SavedTracksPage, Pick<Page<SavedTrackItem>, 'items' | 'next' | 'total' | 'offset' | 'limit'>>>,
  Check<Fits<DeviceBody, DeviceFields>>,
  Check<Fits<DeviceBody['volume_percent'], Device['volume_percent'] | undefined>>,
  Check<Fits<DevicesBody, { devices: DeviceFields[] }>>,
  Check<Fits<Without<PlayerState, 'item'>, Pick<PlaybackState, 'timestamp' | 'is_playing'> & { device: DeviceFields }>>,
  Check<Fits<PlayerState['currently_playing_type'], PlaybackState['currently_playing_type']>>,
  Check<Fits<Extract<PlayingItem, { type: 'episode' }>, Pick<Episode, 'id' | 'uri' | 'name' | 'duration_ms'>>>,
  Check<Fits<PlaylistBody, Pick<Playlist, 'id' | 'uri' | 'name'>>>,
  Check<Fits<Snapshot, SnapshotReference>>,
];

/**
 * Where the answers are looser than the SDK says, the check must fail; if one of these starts passing, the
 * schema lost a case real recordings have.
 */
export type SchemasLooserThanTheSdk = [
  // @ts-expect-error a local file's track has `id: null`; the SDK says `string`.
  Check<Fits<TrackBody, Pick<Track, 'id'>>>,
  // @ts-expect-error `progress_ms` is null when nothing is loaded; the SDK says `number`.
  Check<Fits<PlayerState, Pick<PlaybackState, 'progress_ms'>>>,
  // @ts-expect-error `/me` has no `email` since February 2026.
  Check<Fits<UserBody, Pick<User, 'email'>>>,
];
