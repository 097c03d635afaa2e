import { describe, expect, it } from 'vitest';
import { createPlayerTracker, PLAYER_FALLBACK_MS, parsePosition, RESUME_AFTER_MS, readPlayer } from './player-watch';

/** A page with the web player's anchors, as `querySelector` sees them. */
function page(attributes: { track?: string; position?: string }) {
  const nodes: Record<string, { getAttribute(name: string): string | null; textContent: string | null }> = {};
  if (attributes.track !== undefined) {
    nodes['[data-testid="now-playing-widget"]'] = { getAttribute: () => attributes.track ?? null, textContent: null };
  }
  if (attributes.position !== undefined) {
    nodes['[data-testid="playback-position"]'] = { getAttribute: () => null, textContent: attributes.position };
  }
  return { querySelector: (selector: string) => nodes[selector] ?? null } as unknown as ParentNode;
}

describe('reading the web player’s page', () => {
  it('reads the track’s label and the position, and copes with missing anchors', () => {
    expect(readPlayer(page({ track: 'Now playing: Midnight City by M83', position: '1:23' }))).toEqual({
      track: 'Now playing: Midnight City by M83',
      positionMs: 83_000,
    });
    expect(readPlayer(page({}))).toEqual({ track: '', positionMs: null });
  });

  it('parses m:ss and h:mm:ss positions only', () => {
    expect(parsePosition('0:07')).toBe(7_000);
    expect(parsePosition('1:02:03')).toBe(3_723_000);
    expect(parsePosition('-1:00')).toBeNull();
    expect(parsePosition('soon')).toBeNull();
    expect(parsePosition(null)).toBeNull();
  });
});

describe('what the page says changed', () => {
  const at = (track: string, seconds: number | null) => ({
    track,
    positionMs: seconds === null ? null : seconds * 1000,
  });

  it('a new track, at once; the position moving on, nothing', () => {
    const tracker = createPlayerTracker(at('A', 10));
    expect(tracker.next(at('A', 12), 2_000)).toBeNull();
    expect(tracker.next(at('A', 14), 2_000)).toBeNull();
    expect(tracker.next(at('B', 0), 2_000)).toBe('track');
    expect(tracker.next(at('B', 2), 2_000)).toBeNull();
  });

  it('playback resuming after a long pause, but not after a short one, and a pause itself says nothing', () => {
    const tracker = createPlayerTracker(at('A', 10));
    for (let waited = 0; waited < RESUME_AFTER_MS; waited += 2_000) expect(tracker.next(at('A', 10), 2_000)).toBeNull();
    expect(tracker.next(at('A', 12), 2_000)).toBe('resumed');
    expect(tracker.next(at('A', 12), 2_000)).toBeNull();
    expect(tracker.next(at('A', 14), 2_000)).toBeNull();
  });

  it('without a position on the page, only track changes count (the fallback covers the rest)', () => {
    const tracker = createPlayerTracker(at('A', null));
    for (let i = 0; i < 100; i++) expect(tracker.next(at('A', null), 2_000)).toBeNull();
    expect(tracker.next(at('B', null), 2_000)).toBe('track');
    expect(PLAYER_FALLBACK_MS).toBeGreaterThanOrEqual(60_000);
  });
});
