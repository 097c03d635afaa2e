import { describe, expect, it } from 'vitest';
import type { CurrentMood } from '@/lib/live-state/state';
import { fakeContext } from '@/test/support/background';
import { handlersOf } from '@/test/support/handlers';
import { createMoodService } from './service';

describe('the mood service', () => {
  it('a manual pick becomes the mood in effect and goes out as moodChanged; clearing it sends null', async () => {
    const ctx = fakeContext();
    const moods: (CurrentMood | null)[] = [];
    ctx.events.on('moodChanged', (mood) => moods.push(mood));
    const setManualMood = handlersOf(createMoodService(ctx)).setManualMood;
    expect(await setManualMood?.('sad', 'spotify-tab')).toBeUndefined();
    const state = await ctx.live.get();
    expect(state.manualMood).toBe('sad');
    expect(state.mood).toEqual({ mood: 'sad', confidence: 1, since: ctx.clock.now(), source: 'manual' });
    await setManualMood?.(null, 'spotify-tab');
    expect((await ctx.live.get()).mood).toBeNull();
    expect(moods.map((m) => m?.mood ?? null)).toEqual(['sad', null]);
    expect(ctx.live.broadcasts).toHaveLength(2);
  });

  it('a pick against the running camera also goes out as moodCorrected, with both moods', async () => {
    const ctx = fakeContext();
    const corrections: unknown[] = [];
    ctx.events.on('moodCorrected', (value) => corrections.push(value));
    await ctx.live.update((s) => ({
      ...s,
      camera: { enabled: true, status: 'running', detail: null },
      mood: { mood: 'neutral', confidence: 0.7, since: 1, source: 'camera' },
    }));
    const setManualMood = handlersOf(createMoodService(ctx)).setManualMood;
    await setManualMood?.('sad', 'spotify-tab');
    // Now the pick is in effect, not the camera: another pick corrects nothing.
    await setManualMood?.('angry', 'spotify-tab');
    expect(corrections).toEqual([{ camera: 'neutral', picked: 'sad' }]);
  });
});
