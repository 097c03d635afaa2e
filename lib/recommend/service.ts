import type { BackgroundContext, Service } from '@/lib/background/context';
import { implement } from '@/lib/messaging/contract';
import { countMatches } from './counts';
import { moodCountMessages } from './messages';

/**
 * Counts for the mood-range editor. The page asks for all seven ranges when it opens and then, while a
 * slider moves (debounced), for the one range being dragged; the answer is one number per range. The
 * counts of one question are read in one transaction, through the `[valence+energy]` index.
 */
export function createMoodCountsService(ctx: BackgroundContext): Service {
  const { db } = ctx;
  return {
    name: 'mood-counts',
    handles: [
      implement(moodCountMessages, {
        countMoodMatches: ({ profiles }) =>
          db.transaction('r', db.features, db.tracks, () =>
            Promise.all(profiles.map((profile) => countMatches(db, profile))),
          ),
      }),
    ],
  };
}
