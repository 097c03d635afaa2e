import { z } from 'zod';
import { answers, defineContract } from '@/lib/messaging/contract';

/** The panel's own view, kept by the background (a content script may not touch extension storage). */
export const panelViewMessages = defineContract('background', {
  /** The panel was collapsed to its pill or opened again (remembered across pages). */
  setPanelCollapsed: { data: z.boolean(), from: ['spotify-tab'], answer: answers() },
});
