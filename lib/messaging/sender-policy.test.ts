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
