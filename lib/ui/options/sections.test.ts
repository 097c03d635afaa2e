import { describe, expect, it } from 'vitest';
import { OPTIONS_SECTIONS, sectionOrder } from './sections';

describe('sectionOrder', () => {
  it('puts Spotify first until it is connected', () => {
    expect(sectionOrder(false)).toEqual(['spotify', 'camera', 'dj', 'shortcuts', 'features', 'moods', 'data']);
  });

  it('keeps the usual order once connected, and before the live state has arrived', () => {
    expect(sectionOrder(true)).toEqual(OPTIONS_SECTIONS);
    expect(sectionOrder(null)).toEqual(OPTIONS_SECTIONS);
  });
});
