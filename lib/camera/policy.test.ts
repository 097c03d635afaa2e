import { describe, expect, it } from 'vitest';
import { INITIAL_LIVE_STATE, type LiveState } from '@/lib/live-state/state';
import { applyCameraReport, cameraWanted } from './policy';

const on: LiveState = {
  ...INITIAL_LIVE_STATE,
  camera: { enabled: true, status: 'starting', detail: null },
  spotifyTabs: 1,
};

describe('cameraWanted', () => {
  it('runs the camera only with the switch on, a web player open and the machine in use', () => {
    expect(cameraWanted({ enabled: true, spotifyTabs: 1, idle: false, calibrating: false })).toBe(true);
    expect(cameraWanted({ enabled: false, spotifyTabs: 1, idle: false, calibrating: false })).toBe(false);
    expect(cameraWanted({ enabled: true, spotifyTabs: 0, idle: false, calibrating: false })).toBe(false);
    expect(cameraWanted({ enabled: true, spotifyTabs: 2, idle: true, calibrating: false })).toBe(false);
  });

  it('runs it for calibration even without a web player, but never while idle or locked', () => {
    expect(cameraWanted({ enabled: false, spotifyTabs: 0, idle: false, calibrating: true })).toBe(true);
    expect(cameraWanted({ enabled: false, spotifyTabs: 0, idle: true, calibrating: true })).toBe(false);
  });
});

describe('applyCameraReport', () => {
  it('shows a new camera mood, and keeps its start while the label holds', () => {
    const first = applyCameraReport(
      on,
      { status: 'running', reading: { mood: 'happy', confidence: 0.8, noFace: false } },
      1000,
    );
    expect(first.mood).toEqual({ mood: 'happy', confidence: 0.8, since: 1000, source: 'camera' });

    const again = applyCameraReport(
      first,
      { status: 'running', reading: { mood: 'happy', confidence: 0.9, noFace: false } },
      2000,
    );
    // The same label keeps its start: the mood in effect did not change (no moodChanged, see lib/mood/current.ts).
    expect(again.mood).toEqual({ mood: 'happy', confidence: 0.9, since: 1000, source: 'camera' });
  });

  it('drops the camera mood when the face is gone', () => {
    const seen = applyCameraReport(
      on,
      { status: 'running', reading: { mood: 'sad', confidence: 0.7, noFace: false } },
      1,
    );
    const gone = applyCameraReport(
      seen,
      { status: 'no-face', reading: { mood: null, confidence: 0, noFace: true } },
      2,
    );
    expect(gone.mood).toBeNull();
    expect(gone.camera.status).toBe('no-face');
  });

  it('keeps a manual pick over whatever the camera sees', () => {
    const manual: LiveState = {
      ...on,
      manualMood: 'angry',
      mood: { mood: 'angry', confidence: 1, since: 0, source: 'manual' },
    };
    const next = applyCameraReport(
      manual,
      { status: 'running', reading: { mood: 'happy', confidence: 0.9, noFace: false } },
      5,
    );
    expect(next.mood?.mood).toBe('angry');
    expect(next.camera.status).toBe('running');
  });
});
