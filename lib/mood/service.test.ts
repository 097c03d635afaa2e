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

  it('a pick against the running camera only chooses the music: nothing but the mood change goes out', async () => {
    const ctx = fakeContext();
    await ctx.live.update((s) => ({
      ...s,
      camera: { enabled: true, status: 'running', detail: null },
      mood: { mood: 'neutral', confidence: 0.7, since: 1, source: 'camera' },
    }));
    const emitted: string[] = [];
    const emit = ctx.events.emit.bind(ctx.events);
    ctx.events.emit = (event, value) => {
      emitted.push(event);
      emit(event, value);
    };
    await handlersOf(createMoodService(ctx)).setManualMood?.('sad', 'spotify-tab');
    await ctx.events.idle();
    // Under the old rule a "that's not me" correction went out here too, and the face was kept as "sad".
    expect(emitted).toEqual(['liveStateChanged', 'moodChanged']);
    expect(await ctx.db.personalExamples.count()).toBe(0);
  });
});
