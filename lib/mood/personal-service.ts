import { z } from 'zod';
import type { BackgroundContext, Service } from '@/lib/background/context';
import { storedValue } from '@/lib/db/stored';
import { implement } from '@/lib/messaging/contract';
import type { KeepFaceOutcome, PersonalExampleSummary } from './messages';
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

/** The person's answer about the examples the old rule kept (`implicit`), asked once; null until answered. */
const implicitAnswer = storedValue('implicit-examples-answer', z.enum(['kept', 'cleared']).nullable(), () => null);

/**
 * "Not how I feel: I'm …". The person says which mood a face the camera misread really shows
 * (`keepFaceAsExample`, from the panel or the popup); the offscreen document keeps that face's feature vector, if
 * it saw one in the last few seconds (only the document ever holds the numbers, in IndexedDB). A mood picked by
 * hand only chooses the music and teaches nothing. Pages list the examples (mood and time) and delete them
 * through this service, and the document is told to reload after every deletion, as after "delete everything".
 *
 * Examples made by the old rule (every hand pick against the camera) are marked `implicit`;
 * until the person keeps or clears them, the live state counts them (`implicitExamples`) so Options and the
 * popup ask once.
 */
export function createPersonalExampleService(ctx: BackgroundContext, deps: PersonalDeps): Service {
  const { offscreen, channel } = deps;

  const recount = async (): Promise<void> => {
    const [personalExamples, answer] = await Promise.all([ctx.db.personalExamples.count(), implicitAnswer.get(ctx.db)]);
    // At most 20 per mood: a scan is cheaper than an index every row would carry.
    const implicitExamples =
      answer === null ? await ctx.db.personalExamples.filter((row) => row.implicit === true).count() : 0;
    await ctx.live.update((state) => ({ ...state, personalExamples, implicitExamples }));
  };
  const tellDocument = async (): Promise<void> => {
    await recount();
    if (await offscreen.isOpen()) await channel.changed().catch(() => undefined);
  };

  // The document writes the example: "delete everything" waits for one under way (`ctx.writers`).
  const keepFace = (mood: Mood): Promise<KeepFaceOutcome> =>
    ctx.writers.run('personal-example', async (): Promise<KeepFaceOutcome> => {
      if (!(await offscreen.isOpen())) return { kept: false, reason: 'camera-off' };
      if (!(await channel.keep(mood))) return { kept: false, reason: 'no-recent-face' };
      await recount();
      return { kept: true, mood };
    });

  const answerImplicit = (answer: 'kept' | 'cleared') =>
    ctx.writers.run('personal-example', async () => {
      if (answer === 'cleared') {
        await ctx.db.transaction('rw', ctx.db.personalExamples, () =>
          ctx.db.personalExamples.filter((row) => row.implicit === true).delete(),
        );
      }
      await implicitAnswer.set(ctx.db, answer, ctx.clock.now());
      await tellDocument();
    });

  ctx.events.on('dataReset', () => tellDocument().catch(ctx.report));

  return {
    name: 'personal-examples',
    handles: [
      implement(personalExampleMessages, {
        keepFaceAsExample: ({ mood }) => keepFace(mood),
        listPersonalExamples: async (): Promise<PersonalExampleSummary[]> => {
          const rows = await ctx.db.personalExamples.orderBy('at').reverse().toArray();
          // Mood and time only: the feature vector never leaves IndexedDB.
          return rows.flatMap((row) =>
            row.id === undefined ? [] : [{ id: row.id, mood: row.mood, at: row.at, implicit: row.implicit === true }],
          );
        },
        deletePersonalExample: async ({ id }) => {
          await ctx.db.personalExamples.delete(id);
          await tellDocument();
        },
        deleteAllPersonalExamples: async () => {
          await ctx.db.personalExamples.clear();
          await tellDocument();
        },
        keepImplicitExamples: () => answerImplicit('kept'),
        clearImplicitExamples: () => answerImplicit('cleared'),
      }),
    ],
    start: () => recount(),
  };
}
