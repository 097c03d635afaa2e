import { z } from 'zod';

/** The five detected moods, the three hand-picked activities, and the two extra lift targets. */
export const PROFILE_NAMES = [
  'happy',
  'sad',
  'angry',
  'neutral',
  'surprised',
  'focus',
  'workout',
  'winddown',
  'calm',
  'energetic',
] as const;

export type ProfileName = (typeof PROFILE_NAMES)[number];

/** An inclusive interval. */
export interface Range {
  min: number;
  max: number;
}

/** The audio-feature ranges a mood's tracks should fall in: valence and energy 0–1, tempo in BPM. */
export interface MoodProfile {
  valence: Range;
  energy: Range;
  tempo: Range;
}

/**
 * The original MoodDJ ranges, except sad and calm: `npx tsx scripts/coverage.ts` found only
 * 4.3% and 3.5% of the 89,741-track catalogue inside them (happy: 21.4%), about 75 and 60 in a
 * 2,000-track library. Tempo was the main filter: Spotify's tempo estimate often doubles slow
 * songs, so 60–100 BPM kept only 40% of low-valence, low-energy tracks. Widening tempo to
 * 60–120 and energy down to 0.1 doubles both (sad 8.6%, calm 6.7%); below 0.1 energy lie
 * mostly sleep and ambient noise tracks, so that stays out.
 */
export const DEFAULT_PROFILES: Readonly<Record<ProfileName, MoodProfile>> = {
  happy: { valence: { min: 0.6, max: 1 }, energy: { min: 0.5, max: 1 }, tempo: { min: 100, max: 180 } },
  // Originally energy 0.2–0.5, tempo 60–100.
  sad: { valence: { min: 0, max: 0.4 }, energy: { min: 0.1, max: 0.5 }, tempo: { min: 60, max: 120 } },
  angry: { valence: { min: 0, max: 0.4 }, energy: { min: 0.6, max: 1 }, tempo: { min: 120, max: 180 } },
  neutral: { valence: { min: 0.4, max: 0.7 }, energy: { min: 0.4, max: 0.7 }, tempo: { min: 80, max: 130 } },
  surprised: { valence: { min: 0.5, max: 1 }, energy: { min: 0.6, max: 1 }, tempo: { min: 110, max: 180 } },
  // Originally energy 0.2–0.5, tempo 60–100.
  calm: { valence: { min: 0.3, max: 0.7 }, energy: { min: 0.1, max: 0.5 }, tempo: { min: 60, max: 120 } },
  energetic: { valence: { min: 0.7, max: 1 }, energy: { min: 0.7, max: 1 }, tempo: { min: 120, max: 200 } },
  // The activities ask for what the activity needs, not for a feeling, so their valence is wide.
  // Focus: steady, neither pulling down nor up, mid tempo; the music model (relaxed) then prefers the
  // instrumental, unsung tracks among them, as the ranges cannot say "no vocals".
  focus: { valence: { min: 0.25, max: 0.7 }, energy: { min: 0.3, max: 0.65 }, tempo: { min: 80, max: 125 } },
  // Workout: loud and fast, at the 120–170 BPM of gym playlists and running cadence (about 150–170 steps a
  // minute); valence from 0.2, since a fierce track pushes as well as a bright one.
  workout: { valence: { min: 0.2, max: 1 }, energy: { min: 0.7, max: 1 }, tempo: { min: 120, max: 170 } },
  // Wind down: quiet and slow. Energy reaches down to 0.05, below the other boxes: the near-silent ambient and
  // sleep tracks the sad and calm boxes leave out are what winding down wants. Tempo to 110 for the same reason
  // as sad's 120: Spotify's estimate often doubles a slow song.
  winddown: { valence: { min: 0.1, max: 0.6 }, energy: { min: 0.05, max: 0.35 }, tempo: { min: 50, max: 110 } },
};

function rangeSchema(low: number, high: number) {
  return z
    .object({ min: z.number().min(low).max(high), max: z.number().min(low).max(high) })
    .refine((range) => range.min <= range.max, { message: 'min must not be above max' });
}

/** One profile: valence and energy within 0–1, tempo within 40–250 BPM, each with min ≤ max. */
export const moodProfileSchema = z.object({
  valence: rangeSchema(0, 1),
  energy: rangeSchema(0, 1),
  tempo: rangeSchema(40, 250),
});

const withDefault = (name: ProfileName) => moodProfileSchema.default(() => structuredClone(DEFAULT_PROFILES[name]));

/** All ten profiles; a missing one is filled in with its default (so settings saved before the activities existed gain them). */
export const moodProfilesSchema = z.object({
  happy: withDefault('happy'),
  sad: withDefault('sad'),
  angry: withDefault('angry'),
  neutral: withDefault('neutral'),
  surprised: withDefault('surprised'),
  focus: withDefault('focus'),
  workout: withDefault('workout'),
  winddown: withDefault('winddown'),
  calm: withDefault('calm'),
  energetic: withDefault('energetic'),
});

export type MoodProfiles = z.infer<typeof moodProfilesSchema>;

/**
 * Reads stored profiles and never throws: a missing or invalid profile falls back to its
 * default, and its name is listed in `repaired` so the caller can log it.
 */
export function parseMoodProfiles(raw: unknown): { profiles: MoodProfiles; repaired: ProfileName[] } {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const repaired: ProfileName[] = [];
  const profiles = {} as MoodProfiles;
  for (const name of PROFILE_NAMES) {
    const parsed = moodProfileSchema.safeParse(source[name]);
    if (parsed.success) profiles[name] = parsed.data;
    else {
      if (source[name] !== undefined) repaired.push(name);
      profiles[name] = structuredClone(DEFAULT_PROFILES[name]);
    }
  }
  return { profiles, repaired };
}

/** The centre of a profile's ranges. */
export function profileCentre(profile: MoodProfile): { valence: number; energy: number; tempo: number } {
  return {
    valence: (profile.valence.min + profile.valence.max) / 2,
    energy: (profile.energy.min + profile.energy.max) / 2,
    tempo: (profile.tempo.min + profile.tempo.max) / 2,
  };
}
