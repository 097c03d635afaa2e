import { describe, expect, it } from 'vitest';
import { INITIAL_LIVE_STATE } from '@/lib/live-state/state';
import { fromBackground, isFromBackground, type RuntimeInfo } from './from-background';
import { createRefusals } from './refusals';
import { MessageRefused } from './sender-policy';

const ID = 'glmgeodeblocnbhnebfbkflannpckceg';
const runtime: RuntimeInfo = { id: ID, getURL: (path) => `chrome-extension://${ID}${path}` };
// As Chromium 156 reports the service worker to a page or a content script.
const background = { id: ID, url: `chrome-extension://${ID}/background.js`, origin: `chrome-extension://${ID}` };
const contentScript = {
  id: ID,
  url: 'https://open.spotify.com/album/1',
  origin: 'https://open.spotify.com',
  tab: { id: 7, url: 'https://open.spotify.com/album/1' },
};

describe('isFromBackground', () => {
  it('accepts the service worker of this extension', () => {
    expect(isFromBackground(background, runtime)).toBe(true);
  });

  it('refuses content scripts, extension pages, the offscreen document and other extensions', () => {
    expect(isFromBackground(contentScript, runtime)).toBe(false);
    expect(isFromBackground({ id: ID, url: `chrome-extension://${ID}/options.html` }, runtime)).toBe(false);
    expect(isFromBackground({ id: ID, url: `chrome-extension://${ID}/offscreen.html` }, runtime)).toBe(false);
    expect(isFromBackground({ ...background, id: 'otherextensionidotherextensionid' }, runtime)).toBe(false);
    expect(isFromBackground({ id: ID }, runtime)).toBe(false);
    expect(isFromBackground(undefined, runtime)).toBe(false);
  });

  it('refuses anything with a tab, even claiming the worker URL', () => {
    expect(isFromBackground({ ...background, tab: { id: 1, url: background.url } }, runtime)).toBe(false);
  });
});

describe('fromBackground', () => {
  function receiver() {
    const received: unknown[] = [];
    const logged: string[] = [];
    const refusals = createRefusals((error) => logged.push(error.message));
    const configure = fromBackground('configureCamera', (data) => void received.push(data), runtime, refusals);
    const live = fromBackground('liveStateChanged', (data) => void received.push(data.camera), runtime, refusals);
    return { received, logged, configure, live };
  }

  it('hands the background’s valid messages on', () => {
    const { received, logged, configure, live } = receiver();
    configure({ data: { fps: 10, noFaceMs: 2000 }, sender: background });
    live({ data: INITIAL_LIVE_STATE, sender: background });
    expect(received).toEqual([{ fps: 10, noFaceMs: 2000 }, INITIAL_LIVE_STATE.camera]);
    expect(logged).toEqual([]);
  });

  it('ignores a content script that sends control messages, logging it once', () => {
    const { received, logged, configure, live } = receiver();
    for (let i = 0; i < 5; i++) {
      expect(() => configure({ data: { fps: 15, noFaceMs: 500 }, sender: contentScript })).toThrow(MessageRefused);
    }
    const forged = { ...INITIAL_LIVE_STATE, camera: { enabled: true, status: 'running', detail: null } };
    expect(() => live({ data: forged, sender: contentScript })).toThrow(MessageRefused);
    expect(received).toEqual([]);
    expect(logged).toEqual([
      'MoodDJ refused "configureCamera": only the background may send it.',
      'MoodDJ refused "liveStateChanged": only the background may send it.',
    ]);
  });

  it('refuses invalid data even from the background', () => {
    const { received, logged, configure, live } = receiver();
    expect(() => configure({ data: { fps: 60, noFaceMs: 2000 }, sender: background })).toThrow(MessageRefused);
    expect(() => live({ data: { camera: 'on' }, sender: background })).toThrow(MessageRefused);
    expect(received).toEqual([]);
    expect(logged).toHaveLength(2);
  });
});
