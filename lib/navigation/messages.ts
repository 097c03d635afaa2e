import { z } from 'zod';
import { answers, defineContract } from '@/lib/messaging/contract';

/** Which options section a surface may deep-link to. */
export const optionsSectionSchema = z.enum(['spotify', 'features', 'camera', 'moods', 'dj', 'data']);
export type OptionsSection = z.infer<typeof optionsSectionSchema>;

/** Pages a surface may ask the background to open (content scripts cannot open most of them). */
export const pageRequestSchema = z.discriminatedUnion('page', [
  z.strictObject({ page: z.literal('options'), section: optionsSectionSchema.optional() }),
  z.strictObject({ page: z.literal('camera-grant') }),
  z.strictObject({ page: z.literal('privacy') }),
  z.strictObject({ page: z.literal('camera-site-settings') }),
  z.strictObject({ page: z.literal('web-player') }),
  /** The welcome page: the setup walked step by step (opened on install, reopened from the popup and Options). */
  z.strictObject({ page: z.literal('welcome') }),
]);
export type PageRequest = z.infer<typeof pageRequestSchema>;

export const navigationMessages = defineContract('background', {
  /** Open one of MoodDJ's pages, the camera's site settings or the web player. */
  openPage: { data: pageRequestSchema, from: ['extension-page', 'spotify-tab'], answer: answers() },
});
