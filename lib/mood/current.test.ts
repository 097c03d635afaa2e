import { describe, expect, it } from 'vitest';
import { cameraReportSchema } from '@/lib/camera/messages';
import { liveStateSchema } from '@/lib/live-state/schema';
import { type CurrentMood, INITIAL_LIVE_STATE, type LiveState } from '@/lib/live-state/state';
import { fakeContext } from '@/test/support/background';
import { currentMood, sameMood, withCameraReading, withoutCameraMood, withoutMood, withPick } from './current';
import { moodMessages } from './messages';
import { faceReading } from './types';

const camera = (mood: CurrentMood['mood'], since = 1): CurrentMood => ({
  mood,
  confidence: 0.8,
  since,
  source: 'camera',
});

describe('the rules of the mood in effect', () => {
  it('a hand pick wins over the camera until it is cleared', () => {
    const picked = withPick({ ...INITIAL_LIVE_STATE, mood: camera('sad') }, 'happy', 50);
    expect(picked.mood).toEqual({ mood: 'happy', confidence: 1, since: 50, source: 'manual' });
    expect(withCameraReading(picked, { mood: 'angry', confidence: 0.9, noFace: false }, 60)).toBe(picked);
    expect(withoutCameraMood(picked)).toBe(picked);
    const cleared = withPick(picked, null, 70);
    expect(cleared).toMatchObject({ mood: null, manualMood: null });
  });

  it('an activity is a hand pick only: picked, it holds against the camera; the camera can never carry one', () => {
    const picked = withPick({ ...INITIAL_LIVE_STATE, mood: camera('sad') }, 'workout', 50);
    expect(picked).toMatchObject({ manualMood: 'workout', mood: { mood: 'workout', source: 'manual' } });
    expect(withCameraReading(picked, { mood: 'angry', confidence: 0.9, noFace: false }, 60)).toBe(picked);
    expect(liveStateSchema.safeParse(picked).success).toBe(true);
    expect(faceReading(picked.mood)).toBeNull();
    // Neither the camera's report nor a live state with a camera-read activity gets through.
    const reading = { mood: 'focus', confidence: 0.9, noFace: false };
    expect(cameraReportSchema.safeParse({ status: 'running', reading }).success).toBe(false);
    expect(cameraReportSchema.safeParse({ status: 'running', reading: { ...reading, mood: 'happy' } }).success).toBe(
      true,
    );
    const forged = { ...picked, mood: { ...picked.mood, source: 'camera' } };
    expect(liveStateSchema.safeParse(forged).success).toBe(false);
    expect(moodMessages.messages.setManualMood.data.safeParse('winddown').success).toBe(true);
    expect(moodMessages.messages.setManualMood.data.safeParse('calm').success).toBe(false);
  });

  it('the camera mood goes when the face goes or the camera stops, and everything goes on a reset', () => {
    const seen = withCameraReading(INITIAL_LIVE_STATE, { mood: 'sad', confidence: 0.7, noFace: false }, 5);
    expect(seen.mood).toEqual({ mood: 'sad', confidence: 0.7, since: 5, source: 'camera' });
    expect(withCameraReading(seen, { mood: null, confidence: 0, noFace: true }, 6).mood).toBeNull();
    expect(withoutCameraMood(seen).mood).toBeNull();
    expect(withoutMood(withPick(seen, 'angry', 7))).toMatchObject({ mood: null, manualMood: null });
  });

  it('counts a camera mood whose confidence moved as the same mood, and a new start as a new one', () => {
    expect(sameMood(camera('happy', 1), { ...camera('happy', 1), confidence: 0.3 })).toBe(true);
    expect(sameMood(camera('happy', 1), camera('happy', 2))).toBe(false);
    expect(sameMood(camera('happy'), { ...camera('happy'), source: 'manual' })).toBe(false);
    expect(sameMood(null, null)).toBe(true);
    expect(sameMood(camera('happy'), null)).toBe(false);
  });
});

describe('the owner of the mood in effect', () => {
  it('sends moodChanged for each change of the mood in effect, and only then', async () => {
    const ctx = fakeContext();
    const heard: (string | null)[] = [];
    ctx.events.on('moodChanged', (mood) => void heard.push(mood ? `${mood.source}:${mood.mood}` : null));
    const owner = currentMood(ctx);
    const reading = (mood: 'happy' | 'sad', confidence: number) => (state: LiveState) =>
      withCameraReading(state, { mood, confidence, noFace: false }, ctx.clock.now());
    await owner.write(reading('happy', 0.6));
    await owner.write(reading('happy', 0.9));
    await owner.write((state) => ({ ...state, spotifyTabs: 3 }));
    await owner.write((state) => withPick(state, 'sad', ctx.clock.now()));
    const { before } = await owner.write(withoutCameraMood);
    expect(before?.source).toBe('manual');
    await owner.write(withoutMood);
    await owner.write(withoutMood);
    expect(heard).toEqual(['camera:happy', 'manual:sad', null]);
    expect((await ctx.live.get()).spotifyTabs).toBe(3);
  });
});
