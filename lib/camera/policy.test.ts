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
  it('shows a new camera mood and reports it once for the history', () => {
    const first = applyCameraReport(
      on,
      { status: 'running', reading: { mood: 'happy', confidence: 0.8, noFace: false } },
      1000,
    );
    expect(first.state.mood).toEqual({ mood: 'happy', confidence: 0.8, since: 1000, source: 'camera' });
    expect(first.newMood?.mood).toBe('happy');

    const again = applyCameraReport(
      first.state,
      { status: 'running', reading: { mood: 'happy', confidence: 0.9, noFace: false } },
      2000,
    );
    expect(again.state.mood).toEqual({ mood: 'happy', confidence: 0.9, since: 1000, source: 'camera' });
    expect(again.newMood).toBeNull();
  });

  it('drops the camera mood when the face is gone', () => {
    const seen = applyCameraReport(
      on,
      { status: 'running', reading: { mood: 'sad', confidence: 0.7, noFace: false } },
      1,
    ).state;
    const gone = applyCameraReport(
      seen,
      { status: 'no-face', reading: { mood: null, confidence: 0, noFace: true } },
      2,
    );
    expect(gone.state.mood).toBeNull();
    expect(gone.state.camera.status).toBe('no-face');
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
    expect(next.state.mood?.mood).toBe('angry');
    expect(next.state.camera.status).toBe('running');
    expect(next.newMood).toBeNull();
  });
});
