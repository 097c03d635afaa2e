import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MOODS } from '@/lib/mood/types';
import { MOOD_LOOK } from './moods';

describe('MOOD_LOOK', () => {
  it('has the colours of tokens.css, as a variable and as hex', () => {
    const css = readFileSync(new URL('../../components/tokens.css', import.meta.url), 'utf8');
    for (const mood of MOODS) {
      const token = new RegExp(`--mdj-${mood}:\\s*(#[0-9a-f]{6})`, 'i').exec(css)?.[1];
      expect(token?.toLowerCase(), mood).toBe(MOOD_LOOK[mood].hex);
      expect(MOOD_LOOK[mood].color).toBe(`var(--mdj-${mood})`);
    }
  });

  it('names each mood as the messages do', () => {
    expect(MOODS.map((mood) => MOOD_LOOK[mood].label)).toEqual(['Happy', 'Sad', 'Angry', 'Neutral', 'Surprised']);
  });
});
