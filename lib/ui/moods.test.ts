import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTIVITIES, MOODS, PICKABLE_MOODS } from '@/lib/mood/types';
import { MOOD_LOOK, moodToken } from './moods';

describe('MOOD_LOOK', () => {
  it('has the colours of tokens.css, as a variable and as hex', () => {
    const css = readFileSync(new URL('../../components/tokens.css', import.meta.url), 'utf8');
    for (const mood of PICKABLE_MOODS) {
      const token = new RegExp(`${moodToken(mood)}:\\s*(#[0-9a-f]{6})`, 'i').exec(css)?.[1];
      expect(token?.toLowerCase(), mood).toBe(MOOD_LOOK[mood].hex);
      expect(MOOD_LOOK[mood].color).toBe(`var(${moodToken(mood)})`);
    }
    // Never the focus ring's token: the activity focus has one of its own.
    expect(moodToken('focus')).toBe('--mdj-activity-focus');
  });

  it('names each mood as the messages do', () => {
    expect(MOODS.map((mood) => MOOD_LOOK[mood].label)).toEqual(['Happy', 'Sad', 'Angry', 'Neutral', 'Surprised']);
    expect(ACTIVITIES.map((mood) => MOOD_LOOK[mood].label)).toEqual(['Focus', 'Workout', 'Wind down']);
  });
});
