import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answers, defineContract, type Handler, type MessageSpec } from './contract';
import { fromBackground } from './receive';
import { createRefusals } from './refusals';
import { isFromBackground, MessageRefused, type RuntimeInfo } from './sender-policy';

/** Control messages shaped like the offscreen document's and the pages' broadcast, declared without any feature. */
const controls = defineContract('offscreen', {
  configureCamera: {
    data: z.strictObject({ fps: z.number().int().min(1).max(15), noFaceMs: z.number().min(500).max(30_000) }),
    from: ['background'],
    answer: answers(),
  },
  stateChanged: {
    data: z.object({ camera: z.strictObject({ enabled: z.boolean(), status: z.string() }) }),
    from: ['background'],
    answer: answers(),
  },
  /** Declared for the worker's own senders: a receiver refuses it whoever sends it. */
  notForUs: { data: z.undefined(), from: ['extension-page'], answer: answers() },
});
const INITIAL = { camera: { enabled: false, status: 'off' } };

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

  it('accepts Firefox’s background page, and nothing else of that origin', () => {
    const origin = 'moz-extension://5d8a3c1e-2b7f-4e0a-9c61-0f3b2d4e6a70';
    const firefox: RuntimeInfo = { id: 'mooddj@mooddj.app', getURL: (path) => `${origin}${path}` };
    const page = { id: 'mooddj@mooddj.app', url: `${origin}/_generated_background_page.html` };
    expect(isFromBackground(page, firefox)).toBe(true);
    expect(isFromBackground({ ...page, tab: { id: 2, url: page.url } }, firefox)).toBe(false);
    expect(isFromBackground({ ...page, url: `${origin}/offscreen.html` }, firefox)).toBe(false);
    expect(isFromBackground({ ...page, id: 'other@example.org' }, firefox)).toBe(false);
    const elsewhere = 'moz-extension://0f0f0f0f-1111-4222-8333-444455556666/_generated_background_page.html';
    expect(isFromBackground({ ...page, url: elsewhere }, firefox)).toBe(false);
  });
});

describe('fromBackground', () => {
  function receiver() {
    const received: unknown[] = [];
    const logged: string[] = [];
    const refusals = createRefusals((error) => logged.push(error.message));
    const receive = (type: keyof typeof controls.messages, handler: (data: never) => void) =>
      fromBackground(
        type,
        controls.messages[type] as MessageSpec,
        handler as unknown as Handler<MessageSpec>,
        runtime,
        refusals,
      );
    const configure = receive('configureCamera', (data) => void received.push(data));
    const live = receive('stateChanged', (data: typeof INITIAL) => void received.push(data.camera));
    return { received, logged, configure, live };
  }

  it('hands the background’s valid messages on', () => {
    const { received, logged, configure, live } = receiver();
    configure({ data: { fps: 10, noFaceMs: 2000 }, sender: background });
    live({ data: INITIAL, sender: background });
    expect(received).toEqual([{ fps: 10, noFaceMs: 2000 }, INITIAL.camera]);
    expect(logged).toEqual([]);
  });

  it('ignores a content script that sends control messages, logging it once', () => {
    const { received, logged, configure, live } = receiver();
    for (let i = 0; i < 5; i++) {
      expect(() => configure({ data: { fps: 15, noFaceMs: 500 }, sender: contentScript })).toThrow(MessageRefused);
    }
    const forged = { ...INITIAL, camera: { enabled: true, status: 'running' } };
    expect(() => live({ data: forged, sender: contentScript })).toThrow(MessageRefused);
    expect(received).toEqual([]);
    expect(logged).toEqual([
      'MoodDJ refused "configureCamera": only the background may send it.',
      'MoodDJ refused "stateChanged": only the background may send it.',
    ]);
  });

  it('refuses invalid data even from the background', () => {
    const { received, logged, configure, live } = receiver();
    expect(() => configure({ data: { fps: 60, noFaceMs: 2000 }, sender: background })).toThrow(MessageRefused);
    expect(() => live({ data: { camera: 'on' }, sender: background })).toThrow(MessageRefused);
    expect(received).toEqual([]);
    expect(logged).toHaveLength(2);
  });

  it('refuses a message its contract does not take from the background, even from the background', () => {
    const logged: string[] = [];
    const refusals = createRefusals((error) => logged.push(error.message));
    const handler = (() => undefined) as Handler<MessageSpec>;
    const receive = fromBackground('notForUs', controls.messages.notForUs as MessageSpec, handler, runtime, refusals);
    expect(() => receive({ data: undefined, sender: background })).toThrow(MessageRefused);
    expect(logged).toEqual(['MoodDJ refused "notForUs": only the background may send it.']);
  });
});
