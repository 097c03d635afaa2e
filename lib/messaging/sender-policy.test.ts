import { describe, expect, it } from 'vitest';
import { guard } from '@/lib/background/handlers';
import { INITIAL_LIVE_STATE } from '@/lib/state/live-state';
import { assertSenderAllowed, classifySender, MessageRefused } from './sender-policy';

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
  const setCamera = guard(
    'setCameraEnabled',
    (enabled, from) => {
      handled.push([enabled, from]);
      return {
        camera: { enabled, status: 'off', detail: null },
        mood: null,
        manualMood: null,
        spotifyTabs: 0,
        calibration: { state: 'none', at: null, message: null },
        spotify: { connected: false, user: null, problem: null },
        sync: INITIAL_LIVE_STATE.sync,
        soundnet: { keySet: false, rejected: false },
        dj: INITIAL_LIVE_STATE.dj,
        panelCollapsed: false,
      } as const;
    },
    ID,
  );

  it('runs the handler for a panel message from a web-player tab', async () => {
    handled.length = 0;
    expect(await setCamera({ data: true, sender: spotifyTab })).toMatchObject({ camera: { enabled: true } });
    expect(handled).toEqual([[true, 'spotify-tab']]);
  });

  it('refuses a message from another extension without running the handler', () => {
    handled.length = 0;
    expect(() => setCamera({ data: true, sender: { ...page, id: 'otherextensionidotherextensionid' } })).toThrow(
      MessageRefused,
    );
    expect(handled).toEqual([]);
  });

  it('refuses a panel message from a tab that is not open.spotify.com', () => {
    handled.length = 0;
    const sender = { id: ID, url: 'https://example.com/', tab: { id: 3, url: 'https://example.com/' } };
    expect(() => setCamera({ data: true, sender })).toThrow(/not MoodDJ or a tab on https:\/\/open.spotify.com/);
    expect(handled).toEqual([]);
  });

  it('takes offscreen-only messages from the offscreen document alone', () => {
    expect(assertSenderAllowed('offscreenReady', offscreen, ID)).toBe('offscreen');
    expect(() => assertSenderAllowed('offscreenReady', spotifyTab, ID)).toThrow(MessageRefused);
    expect(() => assertSenderAllowed('offscreenReady', page, ID)).toThrow(MessageRefused);
  });

  it('keeps secrets-related messages away from the panel', () => {
    for (const type of ['setRapidApiKey', 'testRapidApiKey', 'connectSpotify', 'disconnectSpotify'] as const) {
      expect(() => assertSenderAllowed(type, spotifyTab, ID)).toThrow(MessageRefused);
      expect(assertSenderAllowed(type, page, ID)).toBe('extension-page');
    }
  });

  it('refuses forged copies of messages only the background sends', () => {
    expect(() => assertSenderAllowed('liveStateChanged', page, ID)).toThrow(MessageRefused);
    expect(() => assertSenderAllowed('offscreenPing', spotifyTab, ID)).toThrow(MessageRefused);
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
