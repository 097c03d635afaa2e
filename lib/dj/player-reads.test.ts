import { describe, expect, it } from 'vitest';
import { fakeClock } from '@/test/support/background';
import { createPlayerReads, PLAYER_FALLBACK_READ_MS, PLAYER_READ_GAP_MS } from './player-reads';

function setup() {
  const clock = fakeClock();
  const reads: number[] = [];
  const player = createPlayerReads({ clock, read: async () => void reads.push(clock.now()) });
  return { clock, reads, player, start: clock.now() };
}

describe('when the player is read from the Web API', () => {
  it('a track change reads at once; two tabs reporting it read once', async () => {
    const { player, reads, start, clock } = setup();
    player.activity('track');
    player.activity('track');
    await clock.advance(PLAYER_READ_GAP_MS);
    expect(reads).toEqual([start, start + PLAYER_READ_GAP_MS]);
  });

  it('a change inside the gap is read at its end, once, never lost', async () => {
    const { player, reads, start, clock } = setup();
    player.activity('track');
    await clock.advance(1_000);
    player.activity('track');
    player.activity('resumed');
    await clock.advance(60_000);
    expect(reads).toEqual([start, start + PLAYER_READ_GAP_MS]);
  });

  it('the fallback reads only when nothing was read for minutes: an idle hour costs a dozen reads', async () => {
    const { player, reads, clock } = setup();
    for (let second = 0; second < 3600; second += 20) {
      // Several tabs' fallbacks, far more often than needed.
      player.activity('heartbeat');
      await clock.advance(20_000);
    }
    expect(reads.length).toBeLessThanOrEqual(Math.ceil(3_600_000 / PLAYER_FALLBACK_READ_MS));
    expect(reads.length).toBeGreaterThanOrEqual(12);
  });
});
