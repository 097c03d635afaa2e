import type { BackgroundContext, Service } from '@/lib/background/context';
import { implement } from '@/lib/messaging/contract';
import type { PersonalExampleSummary } from './messages';
import { personalExampleMessages } from './messages';
import type { Mood } from './types';

/** The background's messages to the offscreen document about personal examples. */
export interface PersonalChannel {
  /** Asks the document to keep its latest face as an example of `mood`; true when it kept one. */
  keep(mood: Mood): Promise<boolean>;
  /** Examples were deleted: the document reloads them from IndexedDB. */
  changed(): Promise<void>;
}

export interface PersonalDeps {
  offscreen: { isOpen(): Promise<boolean> };
  channel: PersonalChannel;
}

/**
 * "That's not me". A hand pick that contradicts the camera (`moodCorrected`, from the mood
 * service) asks the offscreen document to keep that face's feature vector; only the document ever holds the
 * numbers, in IndexedDB. Pages list the examples (mood and time) and delete them through this service, and
 * the document is told to reload after every deletion, as after "delete everything".
 */
export function createPersonalExampleService(ctx: BackgroundContext, deps: PersonalDeps): Service {
  const { offscreen, channel } = deps;

  const recount = async (): Promise<void> => {
    const personalExamples = await ctx.db.personalExamples.count();
    await ctx.live.update((state) => ({ ...state, personalExamples }));
  };
  const tellDocument = async (): Promise<void> => {
    await recount();
    if (await offscreen.isOpen()) await channel.changed().catch(() => undefined);
  };

  // The document writes the example: "delete everything" waits for one under way (`ctx.writers`).
  ctx.events.on('moodCorrected', ({ picked }) =>
    ctx.writers
      .run('personal-example', async () => {
        if ((await offscreen.isOpen()) && (await channel.keep(picked))) await recount();
      })
      .catch(ctx.report),
  );
  ctx.events.on('dataReset', () => tellDocument().catch(ctx.report));

  return {
    name: 'personal-examples',
    handles: [
      implement(personalExampleMessages, {
        listPersonalExamples: async (): Promise<PersonalExampleSummary[]> => {
          const rows = await ctx.db.personalExamples.orderBy('at').reverse().toArray();
          // Mood and time only: the feature vector never leaves IndexedDB.
          return rows.flatMap((row) => (row.id === undefined ? [] : [{ id: row.id, mood: row.mood, at: row.at }]));
        },
        deletePersonalExample: async ({ id }) => {
          await ctx.db.personalExamples.delete(id);
          await tellDocument();
        },
        deleteAllPersonalExamples: async () => {
          await ctx.db.personalExamples.clear();
          await tellDocument();
        },
      }),
    ],
    start: () => recount(),
  };
}
