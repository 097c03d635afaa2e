import type { BackgroundContext, Service } from '@/lib/background/context';

/**
 * The mood picked by hand. It wins over the camera's until cleared; either way the mood in effect
 * goes out as `moodChanged` (the camera service sends the camera's), and history and the DJ follow it.
 */
export function createMoodService(ctx: BackgroundContext): Service {
  return {
    name: 'mood',
    handlers: {
      setManualMood: async (mood) => {
        const state = await ctx.live.update((current) => ({
          ...current,
          manualMood: mood,
          mood: mood ? { mood, confidence: 1, since: ctx.clock.now(), source: 'manual' } : null,
        }));
        ctx.events.emit('moodChanged', state.mood);
      },
    },
  };
}
