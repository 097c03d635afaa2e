import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Mood } from '@/lib/mood/types';
import type { LiveState } from '@/lib/state/live-state';

/** Which options section a surface may deep-link to. */
export type OptionsSection = 'spotify' | 'features' | 'camera' | 'moods' | 'dj' | 'data';

/** Pages a surface may ask the background to open (content scripts cannot open most of them). */
export type PageRequest =
  | { page: 'options'; section?: OptionsSection }
  | { page: 'camera-grant' }
  | { page: 'camera-site-settings' }
  | { page: 'web-player' };

/**
 * Every message MoodDJ sends, in one map, typed both ways. Each context registers
 * handlers for the subset addressed to it; who may send what is decided by
 * `lib/messaging/sender-policy.ts`.
 */
export interface ProtocolMap {
  // → background, from the panel and extension pages
  /** The current live state, for a surface that has just opened. */
  getLiveState(): LiveState;
  /** Turn the camera on or off (the user's switch). */
  setCameraEnabled(enabled: boolean): LiveState;
  /** Pick a mood by hand, or clear the manual pick with `null`. */
  setManualMood(mood: Mood | null): LiveState;
  /** Open one of MoodDJ's pages, the camera's site settings or the web player. */
  openPage(request: PageRequest): void;

  // → background, from the offscreen document only
  /** The offscreen document reports that it has loaded and listens. */
  offscreenReady(): void;

  // → offscreen document, from the background only
  /** Liveness probe for the offscreen document. */
  offscreenPing(): 'pong';

  // → panel and extension pages, from the background only
  /** The live state changed; surfaces re-render from it. */
  liveStateChanged(state: LiveState): void;
}

export type MessageType = keyof ProtocolMap;

export const messenger = defineExtensionMessaging<ProtocolMap>({ logger: undefined });
export const { sendMessage, onMessage } = messenger;
