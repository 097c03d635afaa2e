import { describe, expect, it } from 'vitest';
import { PlaylistTracksPageSchema } from './playlist-reads';

const track = (id: string | null, extra: Record<string, unknown> = {}) => ({
  id,
  uri: `spotify:track:${id}`,
  name: `Song ${id}`,
  artists: [{ id: 'a1', name: 'Artist' }],
  album: { name: 'Album' },
  duration_ms: 200_000,
  is_local: false,
  ...extra,
});

describe('a playlist page as library rows (2026: the track under `item`)', () => {
  it('reads `item`, skips episodes, local files, unavailable and malformed entries, and counts every entry', () => {
    const page = PlaylistTracksPageSchema.parse({
      items: [
        { added_at: '2026-03-01T10:00:00Z', item: track('t1') },
        {
          added_at: '2026-03-01T10:00:00Z',
          item: { type: 'episode', id: 'e1', uri: 'spotify:episode:e1', name: 'Talk' },
        },
        { added_at: '2026-03-01T10:00:00Z', item: track('t2', { is_local: true }) },
        { added_at: '2026-03-01T10:00:00Z', item: null },
        { added_at: 'yesterday', item: track('t3') },
        { added_at: '2026-03-02T10:00:00Z', track: track('t4', { is_playable: false }) },
      ],
      next: null,
      total: 6,
    });
    expect(page.itemCount).toBe(6);
    expect(page.tracks.map((t) => [t.id, t.playable, t.addedAt])).toEqual([
      ['t1', true, '2026-03-01T10:00:00Z'],
      ['t4', false, '2026-03-02T10:00:00Z'],
    ]);
  });
});
