import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MOODS } from '@/lib/mood/types';
import { MOOD_HEX } from './colors';

describe('MOOD_HEX', () => {
  it('matches the mood colours in tokens.css', () => {
    const css = readFileSync(new URL('../../components/tokens.css', import.meta.url), 'utf8');
    for (const mood of MOODS) {
      const token = new RegExp(`--mdj-${mood}:\\s*(#[0-9a-f]{6})`, 'i').exec(css)?.[1];
      expect(token?.toLowerCase(), mood).toBe(MOOD_HEX[mood]);
    }
  });
});
