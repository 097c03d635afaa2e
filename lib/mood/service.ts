import type { BackgroundContext, Service } from '@/lib/background/context';
import type { Mood } from './types';

/**
 * The mood picked by hand. It wins over the camera's until cleared; either way the mood in effect
 * goes out as `moodChanged` (the camera service sends the camera's), and history and the DJ follow it.
 * A pick that contradicts the camera's running reading also goes out as `moodCorrected`, so the face can
 * be kept as a personal example (issue 12); how recent the face must be is the offscreen document's check.
 */
export function createMoodService(ctx: BackgroundContext): Service {
  return {
    name: 'mood',
    handlers: {
      setManualMood: async (mood) => {
        // The camera's mood just before the pick, while its readings still come in.
        let cameraMood: Mood | null = null;
        const state = await ctx.live.update((current) => {
          cameraMood =
            current.mood?.source === 'camera' && current.camera.status === 'running' ? current.mood.mood : null;
          return {
            ...current,
            manualMood: mood,
            mood: mood ? { mood, confidence: 1, since: ctx.clock.now(), source: 'manual' } : null,
          };
        });
        ctx.events.emit('moodChanged', state.mood);
        const camera = cameraMood as Mood | null;
        if (mood && camera && camera !== mood) ctx.events.emit('moodCorrected', { camera, picked: mood });
      },
    },
  };
}
