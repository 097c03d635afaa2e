import type { ProfileName } from './profiles';

// The music model's vocabulary (`music-model.ts` holds its weights), apart so the live state's schema and the
// pages can name moods and cues without bundling the model.

/**
 * The four moods music is heard in: the quadrants of valence × arousal that listeners tag songs with
 * (happy, angry, sad, relaxed). The face's five moods each ask for one of them (`SOUND_OF`).
 */
export const MUSIC_MOODS = ['happy', 'angry', 'sad', 'relaxed'] as const;
export type MusicMood = (typeof MUSIC_MOODS)[number];

/** The model's inputs, in order: every audio feature MoodDJ stores (`FeaturesRow`). */
export const MUSIC_FEATURES = [
  'valence',
  'energy',
  'tempo',
  'danceability',
  'acousticness',
  'instrumentalness',
  'speechiness',
  'liveness',
  'loudness',
] as const;
export type MusicFeature = (typeof MUSIC_FEATURES)[number];

/**
 * The features an explanation may name. Valence and energy are left out: the explanation already words them
 * ("dark (valence 0.21)"), so a cue says only what the model adds. Liveness is left out too: the model reads it,
 * but "studio-made" or "live" is more often how a catalogue was recorded than why a song sounds sad or happy.
 */
export const CUE_FEATURES = [
  'tempo',
  'danceability',
  'acousticness',
  'instrumentalness',
  'speechiness',
  'loudness',
] as const;
export type CueFeature = (typeof CUE_FEATURES)[number];

/**
 * What each profile's picks should sound like: neutral and calm are relaxed; surprised and energetic happy. Of the
 * activities, focus and wind down are relaxed (the model's relaxed leans on instrumental, unsung, acoustic tracks)
 * and workout angry, the model's high-arousal mood (trained on the Energetic playlist): see README, "The DJ".
 */
export const SOUND_OF: Readonly<Record<ProfileName, MusicMood>> = {
  happy: 'happy',
  sad: 'sad',
  angry: 'angry',
  neutral: 'relaxed',
  surprised: 'happy',
  focus: 'relaxed',
  workout: 'angry',
  winddown: 'relaxed',
  calm: 'relaxed',
  energetic: 'happy',
};

/** One feature that makes a track sound like a mood, and which way: e.g. acousticness high ("acoustic"). */
export interface SoundCue {
  feature: CueFeature;
  level: 'low' | 'high';
}

/** How much a track sounds like `like`, and its strongest reasons (at most `MAX_CUES`, strongest first). */
export interface Sound {
  like: MusicMood;
  /** The model's probability of `like` among the four, 0–1. */
  probability: number;
  cues: SoundCue[];
}

/** Cues an explanation names at most. */
export const MAX_CUES = 3;
