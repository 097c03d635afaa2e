import type { BackgroundContext, Service } from '@/lib/background/context';
import { implement } from '@/lib/messaging/contract';
import { currentMood, withPick } from './current';
import { moodMessages } from './messages';

/**
 * The mood picked by hand. It wins over the camera's until cleared; the mood in effect changes through its
 * owner (`./current.ts`), which sends `moodChanged`, and history and the DJ follow it. A pick only chooses the
 * music: "I look tired, play me something happy" is not a label for the face. Teaching the face is its own
 * action ("Not how I feel", `./personal-service.ts`).
 */
export function createMoodService(ctx: BackgroundContext): Service {
  const mood = currentMood(ctx);
  return {
    name: 'mood',
    handles: [
      implement(moodMessages, {
        setManualMood: async (picked) => {
          await mood.write((state) => withPick(state, picked, ctx.clock.now()));
        },
      }),
    ],
  };
}
