import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES, moodProfileSchema, moodProfilesSchema, PROFILE_NAMES, parseMoodProfiles } from './profiles';

describe('mood profiles', () => {
  it('has valid defaults for every profile', () => {
    expect(Object.keys(DEFAULT_PROFILES).sort()).toEqual([...PROFILE_NAMES].sort());
    for (const name of PROFILE_NAMES) expect(moodProfileSchema.safeParse(DEFAULT_PROFILES[name]).success).toBe(true);
  });

  it('gives each activity a box of its own, and fills it into settings saved before them', () => {
    expect(DEFAULT_PROFILES.workout.energy.min).toBeGreaterThanOrEqual(0.7);
    expect(DEFAULT_PROFILES.workout.tempo).toEqual({ min: 120, max: 170 });
    expect(DEFAULT_PROFILES.winddown.energy.max).toBeLessThanOrEqual(0.35);
    expect(DEFAULT_PROFILES.focus.energy.min).toBeGreaterThan(DEFAULT_PROFILES.winddown.energy.max - 0.1);
    const old = Object.fromEntries(
      ['happy', 'sad', 'angry', 'neutral', 'surprised', 'calm', 'energetic'].map((n) => [n, DEFAULT_PROFILES.happy]),
    );
    const { profiles, repaired } = parseMoodProfiles(old);
    expect(repaired).toEqual([]);
    expect(profiles.focus).toEqual(DEFAULT_PROFILES.focus);
    expect(moodProfilesSchema.parse(old).winddown).toEqual(DEFAULT_PROFILES.winddown);
  });

  it('rejects min above max and values out of bounds', () => {
    const happy = DEFAULT_PROFILES.happy;
    expect(moodProfileSchema.safeParse({ ...happy, valence: { min: 0.8, max: 0.2 } }).success).toBe(false);
    expect(moodProfileSchema.safeParse({ ...happy, energy: { min: 0, max: 1.2 } }).success).toBe(false);
    expect(moodProfileSchema.safeParse({ ...happy, tempo: { min: 20, max: 120 } }).success).toBe(false);
    expect(moodProfileSchema.safeParse({ ...happy, tempo: { min: 100, max: 300 } }).success).toBe(false);
  });

  it('fills a missing profile with its default', () => {
    const calm = { valence: { min: 0.3, max: 0.6 }, energy: { min: 0.1, max: 0.4 }, tempo: { min: 60, max: 90 } };
    const parsed = moodProfilesSchema.parse({ calm });
    expect(parsed.calm).toEqual(calm);
    expect(parsed.sad).toEqual(DEFAULT_PROFILES.sad);
    // A default is a copy: changing it does not change the defaults.
    parsed.sad.valence.max = 0.9;
    expect(DEFAULT_PROFILES.sad.valence.max).toBe(0.4);
  });

  it('repairs an invalid stored profile to its default and says which', () => {
    const { profiles, repaired } = parseMoodProfiles({
      happy: { valence: { min: 0.9, max: 0.1 }, energy: { min: 0, max: 1 }, tempo: { min: 60, max: 120 } },
      angry: DEFAULT_PROFILES.angry,
    });
    expect(repaired).toEqual(['happy']);
    expect(profiles.happy).toEqual(DEFAULT_PROFILES.happy);
    expect(parseMoodProfiles('garbage').profiles).toEqual(DEFAULT_PROFILES);
  });
});
