import type { EventBus } from '@/lib/background/context';
import type { CurrentMood, LiveState } from '@/lib/live-state/state';
import type { LiveStateStore } from '@/lib/live-state/store';
import type { Mood, PickableMood } from './types';

/** What a camera reading says, as the camera report carries it (label and confidence only). */
export interface CameraReading {
  mood: Mood | null;
  confidence: number;
  noFace: boolean;
}

// The rules of the mood in effect, as pure changes of the live state. A hand pick wins over the camera
// until it is cleared; the camera's mood holds only while the camera sees a face and runs.

/** A camera reading: the camera's mood shows unless a hand pick holds; "no face" takes the camera's away. */
export function withCameraReading(state: LiveState, reading: CameraReading, now: number): LiveState {
  if (state.manualMood) return state;
  if (reading.noFace || reading.mood === null) return withoutCameraMood(state);
  const same = state.mood?.source === 'camera' && state.mood.mood === reading.mood;
  const mood: CurrentMood = {
    mood: reading.mood,
    confidence: reading.confidence,
    since: same && state.mood ? state.mood.since : now,
    source: 'camera',
  };
  return { ...state, mood };
}

/** The camera stopped (off, paused, idle, gone): its mood goes stale at once; a hand pick stays. */
export function withoutCameraMood(state: LiveState): LiveState {
  return state.mood?.source === 'camera' ? { ...state, mood: null } : state;
}

/** A hand pick (or `null` to clear it): in effect at once, with full confidence. The only way to an activity. */
export function withPick(state: LiveState, mood: PickableMood | null, now: number): LiveState {
  return {
    ...state,
    manualMood: mood,
    mood: mood ? { mood, confidence: 1, since: now, source: 'manual' } : null,
  };
}

/** An import or "delete everything": no mood at all. */
export function withoutMood(state: LiveState): LiveState {
  return { ...state, mood: null, manualMood: null };
}

/** Whether two moods in effect are the same one (a camera's confidence may move without a change). */
export function sameMood(a: CurrentMood | null, b: CurrentMood | null): boolean {
  if (a === null || b === null) return a === b;
  return a.mood === b.mood && a.source === b.source && a.since === b.since;
}

/**
 * The one owner of "the mood in effect". Every live-state write that may change it (a camera reading, the
 * camera stopping, a hand pick, a reset) goes through `write`, with the rules above; when the mood in effect
 * changed, `moodChanged` goes out, so the history, the DJ and its auto-DJ hold always follow it. Answers the
 * state written and the mood that was in effect before.
 */
export function currentMood(ctx: { live: LiveStateStore; events: EventBus }) {
  return {
    async write(change: (state: LiveState) => LiveState): Promise<{ state: LiveState; before: CurrentMood | null }> {
      let before: CurrentMood | null = null;
      const state = await ctx.live.update((current) => {
        before = current.mood;
        return change(current);
      });
      if (!sameMood(before, state.mood)) ctx.events.emit('moodChanged', state.mood);
      return { state, before };
    },
  };
}

export type CurrentMoodOwner = ReturnType<typeof currentMood>;
