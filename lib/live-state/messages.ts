import { answers, defineContract, noData } from '@/lib/messaging/contract';
import { liveStateSchema } from './schema';
import type { LiveState } from './state';

/** The live state, asked once by a surface that has just opened; after that it comes by broadcast. */
export const liveStateMessages = defineContract('background', {
  getLiveState: { data: noData, from: ['extension-page', 'spotify-tab'], answer: answers<LiveState>() },
});

/** The background's broadcast to every surface (pages and panels): the state changed, re-render from it. */
export const liveStateBroadcast = defineContract('pages', {
  liveStateChanged: { data: liveStateSchema, from: ['background'], answer: answers() },
});
