import type { BackgroundContext, Service } from '@/lib/background/context';
import { implement } from '@/lib/messaging/contract';
import { currentMood, withPick } from './current';
import { moodMessages } from './messages';
import type { Mood } from './types';

/**
 * The mood picked by hand. It wins over the camera's until cleared; the mood in effect changes through its
 * owner (`./current.ts`), which sends `moodChanged`, and history and the DJ follow it. A pick that contradicts
 * the camera's running reading also goes out as `moodCorrected`, so the face can be kept as a personal
 * example; how recent the face must be is the offscreen document's check.
 */
export function createMoodService(ctx: BackgroundContext): Service {
  const mood = currentMood(ctx);
  return {
    name: 'mood',
    handles: [
      implement(moodMessages, {
        setManualMood: async (picked) => {
          // The camera's mood just before the pick, while its readings still come in.
          let camera: Mood | null = null;
          await mood.write((state) => {
            camera = state.mood?.source === 'camera' && state.camera.status === 'running' ? state.mood.mood : null;
            return withPick(state, picked, ctx.clock.now());
          });
          const read = camera as Mood | null;
          if (picked && read && read !== picked) ctx.events.emit('moodCorrected', { camera: read, picked });
        },
      }),
    ],
  };
}
