import { describe, expect, it } from 'vitest';
import { IMPORT_MAX_CHARS } from '@/lib/data/messages';
import { INITIAL_LIVE_STATE } from '@/lib/live-state/state';
import { parseData } from '@/lib/messaging/receive';
import { checkSender } from '@/lib/messaging/sender-policy';
import { CONTRACTS, MESSAGE_SPECS, type MessageType, senderTable, senderTableMarkdown } from './protocol';

const parseMessageData = (type: MessageType, data: unknown) => parseData(MESSAGE_SPECS[type], data);

const TRACK = '4uLU6hMCjMI75M1A2tKUQC';
const HAPPY = { valence: { min: 0.6, max: 1 }, energy: { min: 0.5, max: 1 }, tempo: { min: 100, max: 180 } };
const EDGES = { valence: { min: 0, max: 0 }, energy: { min: 1, max: 1 }, tempo: { min: 40, max: 250 } };
/** The live state with one suggestion whose reason is `reason`. */
const suggesting = (reason: unknown) => ({
  ...INITIAL_LIVE_STATE,
  dj: {
    ...INITIAL_LIVE_STATE.dj,
    forMood: 'sad',
    suggestions: [
      {
        id: TRACK,
        uri: `spotify:track:${TRACK}`,
        name: 'N',
        artists: ['A'],
        valence: 0.3,
        energy: 0.3,
        tempo: 90,
        reason,
        queued: false,
      },
    ],
  },
});
const REASON = { widened: 0, outside: [], distance: 0.2, lift: null };

describe('the protocol', () => {
  it('is the sum of the contracts, each message declared once', () => {
    const declared = CONTRACTS.flatMap((contract) => Object.keys(contract.messages));
    expect(new Set(declared).size).toBe(declared.length);
    expect(Object.keys(MESSAGE_SPECS).sort()).toEqual([...declared].sort());
    expect(() =>
      senderTable([...CONTRACTS, { to: 'background', messages: { getLiveState: MESSAGE_SPECS.getLiveState } }]),
    ).toThrow('"getLiveState" is declared twice');
  });

  it('lets only the background send to the offscreen document and the pages, and the background hears no one else', () => {
    for (const row of senderTable()) {
      if (row.to === 'background') expect(row.from, row.message).not.toContain('background');
      else expect(row.from, row.message).toEqual(['background']);
      expect(row.from.length, row.message).toBeGreaterThan(0);
    }
  });

  it('shows who may send what in one reviewed file (lib/message-senders.md)', async () => {
    await expect(senderTableMarkdown()).toMatchFileSnapshot('./message-senders.md');
  });

  it('lists saveSession, which writes to the Spotify account, with exactly its senders', () => {
    const rows = new Map(senderTable().map((row) => [row.message, row.from]));
    expect(rows.get('saveSession')).toEqual(['extension-page', 'spotify-tab']);
    // What the panel in a web page may never ask for: secrets, settings, the person's data and calibration.
    for (const message of ['connectSpotify', 'setRapidApiKey', 'exportData', 'deleteEverything', 'startCalibration']) {
      expect(rows.get(message), message).not.toContain('spotify-tab');
    }
    // The panel may teach the face ("Not how I feel"), but never list, delete or answer for the examples.
    expect(rows.get('keepFaceAsExample')).toEqual(['extension-page', 'spotify-tab']);
    for (const message of [
      'listPersonalExamples',
      'deletePersonalExample',
      'deleteAllPersonalExamples',
      'keepImplicitExamples',
      'clearImplicitExamples',
    ]) {
      expect(rows.get(message), message).toEqual(['extension-page']);
    }
  });
});

describe('message schemas', () => {
  it('accept what the surfaces really send', () => {
    const valid: { [K in MessageType]?: unknown[] } = {
      getLiveState: [undefined],
      setCameraEnabled: [true, false],
      setManualMood: ['happy', null],
      openPage: [
        { page: 'options' },
        { page: 'options', section: 'data' },
        { page: 'camera-grant' },
        { page: 'camera-site-settings' },
        { page: 'web-player' },
      ],
      setRapidApiKey: ['abcdefghij0123456789-_abcdefghij', null],
      testRapidApiKey: [null, 'bad-key-bad-key-bad-key-0001'],
      startSync: [{ full: true }, { full: false }],
      queueTracks: [{ count: 1 }, { count: 10 }, { trackIds: [TRACK] }, { trackIds: Array(10).fill(TRACK) }],
      updateDjSettings: [{}, { mode: 'lift' }, { autoDj: true, mode: 'match' }],
      setPanelCollapsed: [true],
      playerActivity: [{ change: 'track' }, { change: 'resumed' }, { change: 'heartbeat' }],
      importData: [{ text: '{"format":"mooddj"}' }],
      countMoodMatches: [{ profiles: [HAPPY] }, { profiles: Array(10).fill(HAPPY) }, { profiles: [EDGES] }],
      getLibraryMap: [undefined],
      getStorageUsed: [undefined],
      getMoodHistory: [{ range: '24h' }, { range: '7d' }, { range: '30d' }],
      getTodaySparkline: [undefined],
      getSkipCounts: [undefined],
      readSession: [undefined],
      saveSession: [undefined],
      exportData: [undefined],
      deleteMoodHistory: [undefined],
      listPersonalExamples: [undefined],
      deletePersonalExample: [{ id: 1 }, { id: 12345 }],
      deleteAllPersonalExamples: [undefined],
      keepFaceAsExample: [{ mood: 'sad' }, { mood: 'neutral' }],
      keepImplicitExamples: [undefined],
      clearImplicitExamples: [undefined],
      keepPersonalExample: [{ mood: 'sad' }],
      personalExamplesChanged: [undefined],
      configureCamera: [
        { fps: 1, noFaceMs: 500 },
        { fps: 15, noFaceMs: 30_000 },
        { fps: 5, noFaceMs: 2000, adaptive: false },
      ],
      cameraReport: [
        { status: 'running', reading: { mood: 'sad', confidence: 0.7, noFace: false } },
        { status: 'no-face', reading: { mood: null, confidence: 0, noFace: true } },
        { status: 'error', detail: 'the camera is in use by another app' },
        { status: 'blocked' },
      ],
      liveStateChanged: [
        INITIAL_LIVE_STATE,
        suggesting(REASON),
        suggesting({
          widened: 4,
          outside: ['energy', 'tempo'],
          distance: 1.7,
          lift: { step: 2, steps: 8, to: 'calm' },
        }),
      ],
    };
    for (const [type, values] of Object.entries(valid)) {
      for (const value of values) {
        expect(parseMessageData(type as MessageType, value), `${type} ${JSON.stringify(value)}`).toMatchObject({
          ok: true,
        });
      }
    }
  });

  it('refuse out-of-bounds numbers, strange shapes and unknown names', () => {
    const invalid: { [K in MessageType]?: unknown[] } = {
      playerActivity: [undefined, { change: 'paused' }, { change: 'track', title: 'Song' }],
      getLiveState: [{ sneaky: 1 }, 'x'],
      // The background decides what a session holds: a save carries nothing a page could choose.
      readSession: [{ trackIds: ['x'] }, 'x'],
      saveSession: [{ trackIds: ['x'] }, { name: 'x' }, 1],
      setCameraEnabled: ['true', 1, null, undefined],
      setManualMood: ['ecstatic', 3],
      openPage: [
        { page: 'chrome://settings' },
        { page: 'options', section: 'secrets' },
        { page: 'web-player', url: 'https://evil.test/' },
        {},
        null,
      ],
      setRapidApiKey: ['short', 'has spaces in it, which keys do not', 'x'.repeat(81), 42],
      startSync: [{}, { full: 'yes' }, { full: true, extra: 1 }],
      queueTracks: [
        { count: 0 },
        { count: 11 },
        { count: 1.5 },
        { count: -1 },
        { count: Number.NaN },
        { trackIds: [] },
        { trackIds: Array(11).fill(TRACK) },
        { trackIds: ['spotify:track:4uLU6hMCjMI75M1A2tKUQC'] },
        { trackIds: ['4uLU6hMCjMI75M1A2tKUQ'] },
        { trackIds: ['4uLU6hMCjMI75M1A2tKUQ!'] },
        { trackIds: [TRACK], count: 1 },
        {},
      ],
      updateDjSettings: [{ mode: 'chaos' }, { autoDj: 'on' }, { queueAhead: 99 }],
      setPanelCollapsed: ['yes', undefined],
      importData: [{}, { text: 5 }, { text: 'x'.repeat(IMPORT_MAX_CHARS + 1) }],
      countMoodMatches: [
        { profiles: [] },
        { profiles: Array(11).fill(HAPPY) },
        { profiles: [{ ...HAPPY, valence: { min: 0.8, max: 0.2 } }] },
        { profiles: [{ ...HAPPY, energy: { min: -0.1, max: 1 } }] },
        { profiles: [{ ...HAPPY, tempo: { min: 40, max: 1000 } }] },
        { profiles: [{ ...HAPPY, tempo: { min: 39, max: 100 } }] },
        { profiles: [{ ...HAPPY, mood: 'happy' }] },
        { profiles: [{ valence: HAPPY.valence, energy: HAPPY.energy }] },
        { profiles: [HAPPY], extra: true },
        [HAPPY],
      ],
      getLibraryMap: [{ limit: 10 }, null, 'all'],
      getStorageUsed: [{ all: true }],
      getMoodHistory: [{ range: '1y' }, { range: '24h', from: 0 }, {}, '24h'],
      getTodaySparkline: [{ day: 1 }],
      getSkipCounts: [{ days: 7 }, 'week'],
      exportData: [{ secrets: true }],
      deleteMoodHistory: [{ before: 0 }, 'all'],
      listPersonalExamples: [{ features: [1, 2] }],
      deletePersonalExample: [{ id: 0 }, { id: 1.5 }, { id: '1' }, { id: 1, features: [] }, null],
      deleteAllPersonalExamples: [{ mood: 'sad' }],
      keepFaceAsExample: ['sad', { mood: 'ecstatic' }, { mood: 'sad', features: [0.1] }, { mood: null }, {}],
      keepImplicitExamples: [{ ids: [1] }, true],
      clearImplicitExamples: [{ ids: [1] }, true],
      keepPersonalExample: [{ mood: 'ecstatic' }, { mood: 'sad', features: [0.1] }, {}],
      configureCamera: [
        { fps: 0, noFaceMs: 2000 },
        { fps: 16, noFaceMs: 2000 },
        { fps: 2.5, noFaceMs: 2000 },
        { fps: 5, noFaceMs: 2000, adaptive: 'yes' },
        { fps: 5 },
      ],
      cameraReport: [
        { status: 'hacked' },
        { status: 'running', reading: { mood: 'sad', confidence: 1.5, noFace: false } },
        { status: 'running', reading: { mood: 'sad', confidence: -0.1, noFace: false } },
        { status: 'running', reading: { mood: 'joy', confidence: 0.5, noFace: false } },
        { status: 'error', detail: 'x'.repeat(501) },
        { status: 'running', landmarks: [] },
      ],
      liveStateChanged: [
        {},
        { ...INITIAL_LIVE_STATE, camera: { enabled: true, status: 'spying', detail: null } },
        { ...INITIAL_LIVE_STATE, panelCollapsed: 'no' },
        suggesting(undefined),
        suggesting('Happy: bright and lively'),
        suggesting({ ...REASON, outside: ['loudness'] }),
        suggesting({ ...REASON, distance: -1 }),
        suggesting({ ...REASON, lift: { step: 0, steps: 4, to: 'calm' } }),
        suggesting({ ...REASON, lift: { step: 1, steps: 4, to: 'ecstatic' } }),
      ],
    };
    for (const [type, values] of Object.entries(invalid)) {
      for (const value of values) {
        const label = `${type} ${JSON.stringify(value)?.slice(0, 80)}`;
        expect(parseMessageData(type as MessageType, value), label).toMatchObject({ ok: false });
      }
    }
  });

  it('names the field and the problem, never the value (which may be a key)', () => {
    const result = parseMessageData('setRapidApiKey', 'my secret key!');
    expect(result).toEqual({ ok: false, reason: '(data): invalid_format' });
    expect(parseMessageData('configureCamera', { fps: 99, noFaceMs: 2000 })).toEqual({
      ok: false,
      reason: 'fps: too_big',
    });
  });
});

describe('who may send what', () => {
  const ID = 'glmgeodeblocnbhnebfbkflannpckceg';
  const page = { id: ID, url: `chrome-extension://${ID}/popup.html` };
  const offscreen = { id: ID, url: `chrome-extension://${ID}/offscreen.html` };
  const spotifyTab = {
    id: ID,
    url: 'https://open.spotify.com/album/1',
    tab: { id: 7, url: 'https://open.spotify.com/album/1' },
  };
  const allowed = (type: MessageType, sender: typeof page) => checkSender(MESSAGE_SPECS[type].from, sender, ID).ok;

  it('takes offscreen-only messages from the offscreen document alone', () => {
    expect(allowed('offscreenReady', offscreen)).toBe(true);
    expect(allowed('offscreenReady', spotifyTab)).toBe(false);
    expect(allowed('offscreenReady', page)).toBe(false);
    expect(allowed('cameraReport', spotifyTab)).toBe(false);
  });

  it('keeps secrets, settings, data and calibration away from the panel', () => {
    for (const type of [
      'setRapidApiKey',
      'testRapidApiKey',
      'connectSpotify',
      'disconnectSpotify',
      'startCalibration',
      'clearCalibration',
      'getCameraStats',
      'importData',
      'deleteEverything',
      'countMoodMatches',
      'getLibraryMap',
      'getStorageUsed',
      'getMoodHistory',
      'getTodaySparkline',
      'getSkipCounts',
      'exportData',
      'deleteMoodHistory',
      'listPersonalExamples',
      'deletePersonalExample',
      'deleteAllPersonalExamples',
    ] as const) {
      expect(allowed(type, spotifyTab), type).toBe(false);
      expect(allowed(type, page), type).toBe(true);
    }
  });

  it('lets the panel do exactly what the panel needs', () => {
    const panel = senderTable()
      .filter((row) => row.from.includes('spotify-tab'))
      .map((row) => row.message)
      .sort();
    expect(panel).toEqual(
      [
        'getLiveState',
        'setCameraEnabled',
        'setManualMood',
        'openPage',
        'startSync',
        'setSyncPaused',
        'refreshSuggestions',
        'queueTracks',
        'makeMoodPlaylist',
        'readSession',
        'saveSession',
        'updateDjSettings',
        'playerActivity',
        'setPanelCollapsed',
        'keepFaceAsExample',
      ].sort(),
    );
  });

  it('refuses forged copies of messages only the background sends', () => {
    for (const type of [
      'liveStateChanged',
      'offscreenPing',
      'configureCamera',
      'calibrate',
      'calibrationCleared',
      'readCameraStats',
      'keepPersonalExample',
      'personalExamplesChanged',
    ] as const) {
      for (const sender of [page, spotifyTab, offscreen]) expect(allowed(type, sender), type).toBe(false);
    }
  });
});
