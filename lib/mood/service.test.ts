import { describe, expect, it } from 'vitest';
import type { CurrentMood } from '@/lib/live-state/state';
import { fakeContext } from '@/test/support/background';
import { createMoodService } from './service';

describe('the mood service', () => {
  it('a manual pick becomes the mood in effect and goes out as moodChanged; clearing it sends null', async () => {
    const ctx = fakeContext();
    const moods: (CurrentMood | null)[] = [];
    ctx.events.on('moodChanged', (mood) => moods.push(mood));
    const setManualMood = createMoodService(ctx).handlers?.setManualMood;
    expect(await setManualMood?.('sad', 'spotify-tab')).toBeUndefined();
    const state = await ctx.live.get();
    expect(state.manualMood).toBe('sad');
    expect(state.mood).toEqual({ mood: 'sad', confidence: 1, since: ctx.clock.now(), source: 'manual' });
    await setManualMood?.(null, 'spotify-tab');
    expect((await ctx.live.get()).mood).toBeNull();
    expect(moods.map((m) => m?.mood ?? null)).toEqual(['sad', null]);
    expect(ctx.live.broadcasts).toHaveLength(2);
  });
});
