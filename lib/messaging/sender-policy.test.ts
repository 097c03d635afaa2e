import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answers, defineContract, type Handler, type MessageSpec } from './contract';
import { guard } from './receive';
import { createRefusals } from './refusals';
import { classifySender, MessageRefused, type SenderInfo } from './sender-policy';

/** Two messages shaped like the panel's, declared here so the transport is tested without any feature. */
const trackId = z.string().regex(/^[0-9A-Za-z]{22}$/);
const panelMessages = defineContract('background', {
  setCameraEnabled: { data: z.boolean(), from: ['extension-page', 'spotify-tab'], answer: answers() },
  queueTracks: {
    data: z.union([
      z.strictObject({ trackIds: z.array(trackId).min(1).max(10) }),
      z.strictObject({ count: z.number().int().min(1).max(10) }),
    ]),
    from: ['extension-page', 'spotify-tab'],
    answer: answers(),
  },
});
const spec = (type: keyof typeof panelMessages.messages) => panelMessages.messages[type] as MessageSpec;

const ID = 'glmgeodeblocnbhnebfbkflannpckceg';
const page = { id: ID, url: `chrome-extension://${ID}/popup.html` };
const offscreen = { id: ID, url: `chrome-extension://${ID}/offscreen.html` };
const spotifyTab = {
  id: ID,
  url: 'https://open.spotify.com/album/1',
  tab: { id: 7, url: 'https://open.spotify.com/album/1' },
};

describe('classifySender', () => {
  it('knows pages, the offscreen document and web-player tabs', () => {
    expect(classifySender(page, ID)).toBe('extension-page');
    expect(classifySender(offscreen, ID)).toBe('offscreen');
    expect(classifySender(spotifyTab, ID)).toBe('spotify-tab');
  });

  it('refuses other extensions, even from a Spotify tab', () => {
    expect(classifySender({ ...page, id: 'abcdefghijklmnopabcdefghijklmnop' }, ID)).toBeNull();
    expect(classifySender({ ...spotifyTab, id: 'abcdefghijklmnopabcdefghijklmnop' }, ID)).toBeNull();
    expect(classifySender({ url: page.url }, ID)).toBeNull();
  });

  it('refuses tabs that are not the web player, including look-alike hosts', () => {
    for (const url of [
      'https://example.com/',
      'https://open.spotify.com.evil.test/',
      'http://open.spotify.com/',
      'https://accounts.spotify.com/',
    ]) {
      expect(classifySender({ id: ID, url, tab: { id: 1, url } }, ID)).toBeNull();
    }
  });
});

describe('the background guard', () => {
  const handled: unknown[] = [];
  const logged: string[] = [];
  let refusals = createRefusals((error) => logged.push(error.message));
  const setCamera = (message: { data: unknown; sender: SenderInfo }) =>
    guard(
      'setCameraEnabled',
      spec('setCameraEnabled'),
      ((enabled, from) => {
        handled.push([enabled, from]);
      }) as Handler<MessageSpec>,
      ID,
      refusals,
    )(message);
  const queue = (data: unknown, sender: SenderInfo = spotifyTab) =>
    guard(
      'queueTracks',
      spec('queueTracks'),
      ((request) => {
        handled.push(request);
      }) as Handler<MessageSpec>,
      ID,
      refusals,
    )({ data, sender });

  beforeEach(() => {
    handled.length = 0;
    logged.length = 0;
    refusals = createRefusals((error) => logged.push(error.message));
  });

  it('runs the handler for a panel message from a web-player tab', async () => {
    // Commands answer with an acknowledgement; the state arrives by broadcast.
    expect(await setCamera({ data: true, sender: spotifyTab })).toBeUndefined();
    expect(handled).toEqual([[true, 'spotify-tab']]);
    expect(logged).toEqual([]);
  });

  it('refuses a message from another extension without running the handler', () => {
    expect(() => setCamera({ data: true, sender: { ...page, id: 'otherextensionidotherextensionid' } })).toThrow(
      MessageRefused,
    );
    expect(handled).toEqual([]);
    expect(logged).toHaveLength(1);
  });

  it('refuses a panel message from a tab that is not open.spotify.com', () => {
    const sender = { id: ID, url: 'https://example.com/', tab: { id: 3, url: 'https://example.com/' } };
    expect(() => setCamera({ data: true, sender })).toThrow(/not MoodDJ or a tab on https:\/\/open.spotify.com/);
    expect(handled).toEqual([]);
  });

  it('passes valid data on, parsed', async () => {
    await queue({ count: 3 });
    await queue({ trackIds: ['4uLU6hMCjMI75M1A2tKUQC'] });
    expect(handled).toEqual([{ count: 3 }, { trackIds: ['4uLU6hMCjMI75M1A2tKUQC'] }]);
  });

  it('refuses each kind of invalid data without running the handler, and logs it once', () => {
    const bad = [
      { count: 0 },
      { count: 11 },
      { count: 2.5 },
      { trackIds: ['not-an-id'] },
      { trackIds: Array(11).fill('4uLU6hMCjMI75M1A2tKUQC') },
      { count: 1, trackIds: [] },
      'all of them',
      undefined,
    ];
    for (const data of bad) {
      logged.length = 0;
      refusals = createRefusals((error) => logged.push(error.message));
      expect(() => queue(data), JSON.stringify(data)).toThrow(MessageRefused);
      expect(logged, JSON.stringify(data)).toHaveLength(1);
    }
    expect(handled).toEqual([]);
    expect(logged).toEqual(['MoodDJ refused "queueTracks": invalid data ((data): invalid_union).']);
    expect(() => setCamera({ data: 'yes', sender: spotifyTab })).toThrow(/invalid data/);
    expect(handled).toEqual([]);
  });

  it('does not spam the log when the same bad message comes again and again', () => {
    for (let i = 0; i < 50; i++) expect(() => queue({ count: 99 })).toThrow(MessageRefused);
    for (let i = 0; i < 50; i++) expect(() => setCamera({ data: true, sender: offscreen })).toThrow(MessageRefused);
    expect(logged).toEqual([
      'MoodDJ refused "queueTracks": invalid data (count: too_big).',
      'MoodDJ refused "setCameraEnabled": not accepted from offscreen.',
    ]);
  });

  it('checks the sender before the data', () => {
    const sender = { id: ID, url: 'https://example.com/', tab: { id: 3, url: 'https://example.com/' } };
    expect(() => queue({ count: 99 }, sender)).toThrow(/not MoodDJ/);
  });
});

describe('extension pages opened in a tab', () => {
  it('are extension pages, not panels, and not the offscreen document', () => {
    const url = `chrome-extension://${ID}/options.html`;
    expect(classifySender({ id: ID, url, tab: { id: 4, url } }, ID)).toBe('extension-page');
    const fake = `chrome-extension://${ID}/offscreen.html`;
    expect(classifySender({ id: ID, url: fake, tab: { id: 5, url: fake } }, ID)).toBe('extension-page');
  });
});

describe('Firefox: the camera page in a MoodDJ tab', () => {
  // Firefox's runtime.id is the gecko id; the origin is a per-profile uuid that the id does not give.
  const GECKO_ID = 'mooddj@mooddj.app';
  const ORIGIN = 'moz-extension://5d8a3c1e-2b7f-4e0a-9c61-0f3b2d4e6a70/';
  const firefox = { id: GECKO_ID, origin: ORIGIN, cameraInTab: true };
  const cameraUrl = `${ORIGIN}offscreen.html`;
  const cameraTab = { id: GECKO_ID, url: cameraUrl, frameId: 0, tab: { id: 9, url: cameraUrl } };

  it('takes the camera tab for the camera host, with or without the tab’s URL (no `tabs` permission)', () => {
    expect(classifySender(cameraTab, firefox)).toBe('offscreen');
    expect(classifySender({ ...cameraTab, tab: { id: 9 } }, firefox)).toBe('offscreen');
  });

  it('keeps MoodDJ’s other pages pages, in a tab or not, and knows the panel', () => {
    const options = `${ORIGIN}options.html`;
    expect(classifySender({ id: GECKO_ID, url: options, frameId: 0, tab: { id: 4, url: options } }, firefox)).toBe(
      'extension-page',
    );
    expect(classifySender({ id: GECKO_ID, url: `${ORIGIN}popup.html` }, firefox)).toBe('extension-page');
    expect(classifySender({ ...spotifyTab, id: GECKO_ID }, firefox)).toBe('spotify-tab');
  });

  it('never takes anything else for the camera host', () => {
    // A web page claiming the camera page as its tab is nothing of ours.
    expect(classifySender({ ...spotifyTab, id: GECKO_ID, tab: { id: 7, url: cameraUrl } }, firefox)).toBeNull();
    // Another extension's origin, or another extension with MoodDJ's URL.
    const other = 'moz-extension://0f0f0f0f-1111-4222-8333-444455556666/offscreen.html';
    expect(classifySender({ ...cameraTab, url: other, tab: { id: 9, url: other } }, firefox)).toBeNull();
    expect(classifySender({ ...cameraTab, id: 'other@example.org' }, firefox)).toBeNull();
    // The camera page in a frame, or shown in a tab whose top page is something else.
    expect(classifySender({ ...cameraTab, frameId: 3 }, firefox)).toBe('extension-page');
    expect(classifySender({ ...cameraTab, tab: { id: 9, url: `${ORIGIN}options.html` } }, firefox)).toBe(
      'extension-page',
    );
    // A path that only starts like it.
    const lookalike = `${ORIGIN}offscreen.html.bak`;
    expect(classifySender({ ...cameraTab, url: lookalike, tab: { id: 9, url: lookalike } }, firefox)).toBe(
      'extension-page',
    );
  });

  it('takes only the exact camera URL, the one the camera tab host finds (`find`), for the camera host', () => {
    for (const url of [`${cameraUrl}?x=1`, `${cameraUrl}#x`]) {
      expect(classifySender({ ...cameraTab, url, tab: { id: 9, url } }, firefox)).toBe('extension-page');
      expect(classifySender({ id: GECKO_ID, url }, firefox)).toBe('extension-page');
    }
  });

  it('Chrome is unchanged: its offscreen document has no tab, and the page in a tab is a page', () => {
    const chrome = { id: ID, origin: `chrome-extension://${ID}/`, cameraInTab: false };
    expect(classifySender(offscreen, chrome)).toBe('offscreen');
    const inTab = { ...offscreen, frameId: 0, tab: { id: 5, url: offscreen.url } };
    expect(classifySender(inTab, chrome)).toBe('extension-page');
    expect(classifySender(inTab, ID)).toBe('extension-page');
    // A Chrome id never matches a Firefox origin.
    expect(classifySender({ ...cameraTab, id: ID }, ID)).toBeNull();
  });
});
