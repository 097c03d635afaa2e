import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { sharedSpotifyPayloads } from '@/test/support/spotify';
import { savedTrackRows } from './client';
import { parseRetryAfter } from './errors';
import {
  ApiErrorBodySchema,
  CodeTokenResponseSchema,
  CurrentlyPlayingSchema,
  DevicesSchema,
  ErrorBodySchema,
  firstIssue,
  OAuthErrorBodySchema,
  PlayerStateSchema,
  RefreshTokenResponseSchema,
  readErrorBody,
  SavedTrackItemSchema,
  SavedTracksPageSchema,
  UserSchema,
} from './schemas';

function parse<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${name}: ${firstIssue(result.error)}`);
  return result.data;
}

const payloads = sharedSpotifyPayloads();

describe.skipIf(payloads === null)('every recorded Spotify payload in ../shared', () => {
  const all = payloads ?? [];
  const byPrefix = (prefix: string) => all.filter((file) => file.name.startsWith(prefix));

  it('is covered by one of the checks below (a new file needs a schema)', () => {
    const known = [
      /^me-tracks__.*\.json$/,
      /^currently-playing.*\.json$/,
      /^player-state.*\.json$/,
      /^devices__.*\.json$/,
      /^error-.*\.json$/,
      /^error-429-response-headers.*\.txt$/,
      /^token-authorization-code__.*\.json$/,
      /^token-refresh.*\.json$/,
      /^playlist-items-with-local-files__.*\.json$/,
    ];
    const unknown = all.filter((file) => !known.some((pattern) => pattern.test(file.name))).map((file) => file.name);
    expect(unknown).toEqual([]);
    expect(all.length).toBeGreaterThanOrEqual(30);
  });

  it('parses every saved-tracks page and turns it into rows', () => {
    const files = byPrefix('me-tracks__');
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const page = parse(SavedTracksPageSchema, JSON.parse(file.text), file.name);
      expect(page.unreadable, file.name).toBe(0);
      const rows = savedTrackRows(page);
      expect(rows.length, file.name).toBe(page.items.length);
      // Recordings with `is_playable` all say true; older ones lack it, which reads as playable.
      expect(rows.every((row) => row.playable)).toBe(true);
      for (const row of rows) {
        expect(row.id, file.name).toMatch(/^[A-Za-z0-9]{22}$/);
        expect(row.uri, file.name).toBe(`spotify:track:${row.id}`);
        expect(row.artists.length, file.name).toBeGreaterThan(0);
        expect(Number.isNaN(Date.parse(row.addedAt)), file.name).toBe(false);
      }
    }
  });

  it('keeps the 2026 recording exactly: 48 items of a 5320-track library', () => {
    const file = all.find((f) => f.name === 'me-tracks__python-spotify__2026-02.json');
    expect(file).toBeDefined();
    const page = parse(SavedTracksPageSchema, JSON.parse(file?.text ?? ''), 'python-spotify');
    expect(page.total).toBe(5320);
    expect(savedTrackRows(page)).toHaveLength(48);
    expect(page.items[0]?.added_at).toBe('2026-02-23T13:28:26Z');
  });

  it('skips the recorded local files (is_local, id null)', () => {
    const [file] = byPrefix('playlist-items-with-local-files__');
    expect(file).toBeDefined();
    const { items } = JSON.parse(file?.text ?? '') as { items: unknown[] };
    const parsed = items.map((item) => parse(SavedTrackItemSchema, item, file?.name ?? ''));
    expect(parsed.length).toBeGreaterThan(0);
    expect(parsed.every((item) => item.track?.is_local && item.track.id === null)).toBe(true);
    expect(savedTrackRows({ items: parsed })).toEqual([]);
  });

  it('parses every currently-playing body (track, ad, docs example, pre-2018 without currently_playing_type)', () => {
    const files = byPrefix('currently-playing');
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const state = parse(CurrentlyPlayingSchema, JSON.parse(file.text), file.name);
      expect(['track', 'episode', 'ad', 'unknown']).toContain(state.currently_playing_type);
    }
    const ad = files.find((f) => f.name.includes('-ad__'));
    const adState = parse(CurrentlyPlayingSchema, JSON.parse(ad?.text ?? ''), 'ad');
    expect(adState.item).toBeNull();
    expect(adState.currently_playing_type).toBe('ad');
    const old = files.find((f) => f.name.includes('zmb3'));
    expect(parse(CurrentlyPlayingSchema, JSON.parse(old?.text ?? ''), 'zmb3').currently_playing_type).toBe('track');
  });

  it('parses every player state (track, episode, audiobook chapter, local file, web player)', () => {
    const files = byPrefix('player-state');
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const state = parse(PlayerStateSchema, JSON.parse(file.text), file.name);
      parse(CurrentlyPlayingSchema, JSON.parse(file.text), file.name);
      expect(typeof state.device.name).toBe('string');
    }
    const local = parse(
      PlayerStateSchema,
      JSON.parse(files.find((f) => f.name.includes('local-file'))?.text ?? ''),
      'local',
    );
    expect(local.item?.type).toBe('track');
    if (local.item?.type === 'track') {
      expect(local.item.is_local).toBe(true);
      expect(local.item.id).toBeNull();
    }
    const episode = parse(
      PlayerStateSchema,
      JSON.parse(files.find((f) => f.name.includes('-episode__'))?.text ?? ''),
      'episode',
    );
    expect(episode.item?.type).toBe('episode');
    expect(episode.device.id).toBeNull();
    const chapter = parse(
      PlayerStateSchema,
      JSON.parse(files.find((f) => f.name.includes('audiobook'))?.text ?? ''),
      'chapter',
    );
    expect(chapter.currently_playing_type).toBe('episode');
  });

  it('parses every device list (volume_percent null, no supports_volume in old ones)', () => {
    const files = byPrefix('devices__');
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const { devices } = parse(DevicesSchema, JSON.parse(file.text), file.name);
      expect(devices.length).toBeGreaterThan(0);
    }
  });

  it('parses every error body and reads its reason', () => {
    const files = all.filter((f) => f.name.startsWith('error-') && f.name.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      parse(ApiErrorBodySchema, JSON.parse(file.text), file.name);
      parse(ErrorBodySchema, JSON.parse(file.text), file.name);
      expect(readErrorBody(file.text)?.message, file.name).toBeTruthy();
    }
    const premium = files.find((f) => f.name.includes('premium-required'));
    expect(readErrorBody(premium?.text ?? '')?.reason).toBe('PREMIUM_REQUIRED');
    const device = files.find((f) => f.name.includes('no-active-device'));
    expect(readErrorBody(device?.text ?? '')).toEqual({
      message: 'Player command failed: No active device found',
      reason: 'NO_ACTIVE_DEVICE',
    });
  });

  it('reads the recorded 429 Retry-After (19056 s) as milliseconds', () => {
    const [file] = byPrefix('error-429-response-headers');
    const value = /'retry-after':\s*'(\d+)'/.exec(file?.text ?? '')?.[1] ?? null;
    expect(value).toBe('19056');
    expect(parseRetryAfter(value, 0)).toBe(19_056_000);
  });

  it('parses every token response; a refresh reply may lack refresh_token', () => {
    const code = byPrefix('token-authorization-code__');
    const refresh = byPrefix('token-refresh');
    expect(code.length).toBeGreaterThanOrEqual(2);
    expect(refresh.length).toBeGreaterThanOrEqual(2);
    for (const file of code) parse(CodeTokenResponseSchema, JSON.parse(file.text), file.name);
    const replies = refresh.map((file) => parse(RefreshTokenResponseSchema, JSON.parse(file.text), file.name));
    expect(replies.some((reply) => reply.refresh_token === undefined)).toBe(true);
    expect(replies.some((reply) => typeof reply.refresh_token === 'string')).toBe(true);
  });
});

describe('schemas without a recording', () => {
  // No recorded /me body exists in ../shared; these follow the OpenAPI PrivateUserObject (2026).
  it('reads /me with display_name null and no images, and ignores the removed fields', () => {
    expect(
      parse(UserSchema, { id: 'u1', display_name: null, type: 'user', uri: 'spotify:user:u1' }, 'me'),
    ).toMatchObject({
      id: 'u1',
      display_name: null,
    });
    expect(parse(UserSchema, { id: 'u1' }, 'me').display_name).toBeNull();
    const full = parse(
      UserSchema,
      {
        id: 'u1',
        display_name: 'Ada',
        images: [{ url: 'https://i.scdn.co/x', height: null, width: null }],
        account_id: 'aB3',
      },
      'me',
    );
    expect(full.images).toHaveLength(1);
    expect(UserSchema.safeParse({ display_name: 'no id' }).success).toBe(false);
  });

  it('reads the OAuth error form', () => {
    const body = { error: 'invalid_grant', error_description: 'Refresh token revoked' };
    expect(OAuthErrorBodySchema.safeParse(body).success).toBe(true);
    expect(readErrorBody(JSON.stringify(body))).toEqual({ message: 'Refresh token revoked', reason: 'invalid_grant' });
    expect(readErrorBody('not json')).toBeNull();
  });

  it('is strict on the fields MoodDJ uses: a bad item is skipped and counted, a bad envelope fails', () => {
    const track = { id: 'x', uri: 'spotify:track:x', name: 'n', artists: [], album: { name: 'a' }, duration_ms: 1 };
    const good = { added_at: '2026-01-01T00:00:00Z', track };
    const page = { items: [good], next: null, total: 1, offset: 0, limit: 50 };
    expect(parse(SavedTracksPageSchema, page, 'page')).toMatchObject({ items: [good], unreadable: 0 });
    const noUri = { added_at: '2026-01-01T00:00:00Z', track: { ...track, uri: undefined } };
    const item = SavedTrackItemSchema.safeParse(noUri);
    expect(item.success).toBe(false);
    if (!item.success) expect(firstIssue(item.error)).toMatch(/^track\.uri: /);
    const mixed = parse(
      SavedTracksPageSchema,
      { ...page, items: [noUri, good, { added_at: 'yesterday', track }, null, 'odd'] },
      'mixed',
    );
    expect(mixed.items).toMatchObject([good]);
    expect(mixed.items).toHaveLength(1);
    expect(mixed.unreadable).toBe(4);
    expect(SavedTracksPageSchema.safeParse({ ...page, items: 'none' }).success).toBe(false);
    expect(SavedTracksPageSchema.safeParse({ ...page, total: -1 }).success).toBe(false);
    expect(SavedTracksPageSchema.safeParse({ ...page, next: undefined }).success).toBe(false);
  });

  it('reads is_playable: false as an unplayable row, and true, null or missing as playable', () => {
    const track = (id: string, extra: object) => ({
      id,
      uri: `spotify:track:${id}`,
      name: id,
      artists: [{ id: 'a', name: 'A' }],
      album: { name: 'B' },
      duration_ms: 1,
      ...extra,
    });
    const items = [
      { added_at: '2026-01-04T00:00:00Z', track: track('no', { is_playable: false }) },
      { added_at: '2026-01-03T00:00:00Z', track: track('yes', { is_playable: true }) },
      { added_at: '2026-01-02T00:00:00Z', track: track('null', { is_playable: null }) },
      { added_at: '2026-01-01T00:00:00Z', track: track('missing', {}) },
    ];
    const page = parse(SavedTracksPageSchema, { items, next: null, total: 4, offset: 0, limit: 50 }, 'page');
    expect(savedTrackRows(page).map((row) => [row.id, row.playable])).toEqual([
      ['no', false],
      ['yes', true],
      ['null', true],
      ['missing', true],
    ]);
  });
});
