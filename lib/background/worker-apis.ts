import { type Browser, browser } from 'wxt/browser';
import type { IdleSource, OffscreenChannel } from '@/lib/camera/service';
import { sendMessage } from '@/lib/messaging/protocol';
import type { PersonalChannel } from '@/lib/mood/personal-service';
import type { SignIn } from '@/lib/spotify/connection-service';
import type { Alarms, Clock } from './context';

// The browser's side of the context: thin adapters the root hands to services, which tests replace
// with the fakes in `test/support/background.ts`.

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

export const browserAlarms: Alarms = {
  // The context's `info` is the union Chrome's overloads spell out one case at a time.
  create: (name, info) => browser.alarms.create(name, info as Browser.alarms.AlarmCreateInfo),
  clear: (name) => browser.alarms.clear(name),
  get: (name) => browser.alarms.get(name),
};

/** Seconds without input before the machine counts as idle and the camera turns off. */
const IDLE_AFTER_SECONDS = 300;

export function browserIdle(): IdleSource {
  browser.idle.setDetectionInterval(IDLE_AFTER_SECONDS);
  return {
    query: async () => (await browser.idle.queryState(IDLE_AFTER_SECONDS)) !== 'active',
    onChange: (listener) => browser.idle.onStateChanged.addListener((state) => listener(state !== 'active')),
  };
}

export const offscreenChannel: OffscreenChannel = {
  async ping() {
    try {
      return (await sendMessage('offscreenPing')) === 'pong';
    } catch {
      return false;
    }
  },
  configure: (config) => sendMessage('configureCamera', config),
  calibrate: () => sendMessage('calibrate'),
  calibrationCleared: () => sendMessage('calibrationCleared'),
  readStats: () => sendMessage('readCameraStats'),
};

export const personalChannel: PersonalChannel = {
  keep: (mood) => sendMessage('keepPersonalExample', { mood }),
  changed: () => sendMessage('personalExamplesChanged'),
};

/** Spotify's sign-in window and the redirect URL registered in the person's Spotify app. */
export const browserSignIn: SignIn = {
  redirectUri: () => browser.identity.getRedirectURL(),
  launchWebAuthFlow: (url) => browser.identity.launchWebAuthFlow({ url, interactive: true }),
};
