import { t, uiLocale } from '@/lib/i18n';
import { moodLabel } from '@/lib/mood/label';
import type { MusicMood, Sound, SoundCue } from './music-moods';
import type { ProfileName } from './profiles';
import { NEAREST } from './search';

export const FEATURE_DIMENSIONS = ['valence', 'energy', 'tempo'] as const;
export type FeatureDimension = (typeof FEATURE_DIMENSIONS)[number];

/**
 * Why a track was picked, in the ranking's own numbers (the words come from `explain`, in the page
 * that shows them). Kept as data so the live state carries facts, never sentences.
 */
export interface PickReason {
  /**
   * Relaxation steps the ranges aimed at needed to take the track in: 0 inside them, 1–`MAX_RELAX_STEPS`
   * a little outside, `NEAREST` outside even the widest (a nearest-track pick).
   */
  widened: number;
  /** The dimensions where the track lies outside the ranges aimed at; empty when `widened` is 0. */
  outside: FeatureDimension[];
  /** Distance from the aim's centre in half-widths of its ranges: 0 at the centre, 1 at a corner. */
  distance: number;
  /** A "lift my mood" pick: step `step` (1-based) of `steps`, heading for `to`. Null in Match mode. */
  lift: { step: number; steps: number; to: ProfileName } | null;
  /** How much the track sounds like the mood, and why, when the music model ranked it (Match mode). */
  sound?: Sound;
}

/** What `explain` reads: a pick's features and its reason. */
export interface Explainable {
  valence: number;
  energy: number;
  tempo: number;
  reason: PickReason;
  /** The chosen playlists the track comes from, by name; absent or empty for Liked Songs alone. */
  from?: readonly string[];
  /** The track is in the person's Liked Songs (a chosen source); absent or false when only playlists bring it. */
  liked?: boolean;
}

/** Feature levels: below `LOW` is low, above `HIGH` is high, between is middling. */
export const LEVEL_LOW = 0.35;
export const LEVEL_HIGH = 0.65;
/** A pick inside the ranges this close to the aim's centre (in half-widths) is "near the middle". */
export const NEAR_MIDDLE = 0.4;
/** The model's probability above which a pick "sounds" like the mood (of four moods: more likely than the rest). */
export const SOUNDS_LIKE = 0.5;

type Level = 'low' | 'mid' | 'high';
const levelOf = (x: number): Level => (x < LEVEL_LOW ? 'low' : x > LEVEL_HIGH ? 'high' : 'mid');

function valenceWord(valence: number): string {
  switch (levelOf(valence)) {
    case 'low':
      return t('explain_valence_low');
    case 'mid':
      return t('explain_valence_mid');
    case 'high':
      return t('explain_valence_high');
  }
}

function energyWord(energy: number): string {
  switch (levelOf(energy)) {
    case 'low':
      return t('explain_energy_low');
    case 'mid':
      return t('explain_energy_mid');
    case 'high':
      return t('explain_energy_high');
  }
}

function dimensionWord(dim: FeatureDimension): string {
  switch (dim) {
    case 'valence':
      return t('explain_dimension_valence');
    case 'energy':
      return t('explain_dimension_energy');
    case 'tempo':
      return t('explain_dimension_tempo');
  }
}

function musicMoodWord(mood: MusicMood): string {
  switch (mood) {
    case 'happy':
      return t('explain_sound_happy');
    case 'angry':
      return t('explain_sound_angry');
    case 'sad':
      return t('explain_sound_sad');
    case 'relaxed':
      return t('explain_sound_relaxed');
  }
}

/** A cue in words: what a feature's level says of how the track sounds ("acoustic", "quiet", …). */
function cueWord({ feature, level }: SoundCue): string {
  const high = level === 'high';
  switch (feature) {
    case 'tempo':
      return high ? t('explain_cue_tempo_high') : t('explain_cue_tempo_low');
    case 'danceability':
      return high ? t('explain_cue_danceability_high') : t('explain_cue_danceability_low');
    case 'acousticness':
      return high ? t('explain_cue_acousticness_high') : t('explain_cue_acousticness_low');
    case 'instrumentalness':
      return high ? t('explain_cue_instrumentalness_high') : t('explain_cue_instrumentalness_low');
    case 'speechiness':
      return high ? t('explain_cue_speechiness_high') : t('explain_cue_speechiness_low');
    case 'loudness':
      return high ? t('explain_cue_loudness_high') : t('explain_cue_loudness_low');
  }
}

/**
 * What the music model adds, e.g. "sounds sad: acoustic, quiet and slow", from its strongest cues; empty when
 * it has no reason to give or does not hear the mood in the track.
 */
export function soundWords(sound: Sound | undefined, locale = uiLocale()): string {
  if (!sound || sound.probability < SOUNDS_LIKE || sound.cues.length === 0) return '';
  const cues = new Intl.ListFormat(locale, { type: 'conjunction' }).format(sound.cues.map(cueWord));
  return t('explain_sound', musicMoodWord(sound.like), cues);
}

/** A profile's name as the person reads it: the five moods and the two extra lift targets. */
export function profileLabel(name: ProfileName): string {
  switch (name) {
    case 'calm':
      return t('options_lift_calm');
    case 'energetic':
      return t('options_lift_energetic');
    default:
      return moodLabel(name);
  }
}

/**
 * One short line saying why `pick` was offered for `mood` (in Lift mode: where the lift started),
 * built only from the numbers the ranking used, with numbers in `locale`'s format. The verdict comes
 * first, so it survives a row that cuts the line short: e.g. "Near the middle of the Happy range — bright
 * (valence 0.82) and lively (energy 0.71), 128 BPM", or "Step 2 of 4, from Sad toward Calm — dark
 * (valence 0.31) and gentle (energy 0.28), 92 BPM". Moods keep their capitalised names: each language's
 * sentence is worded around a name, as lower-casing one does not make it read right in every language.
 */
export function explain(pick: Explainable, mood: ProfileName, locale = uiLocale()): string {
  const why = explainFit(pick, mood, locale);
  // Liked Songs first, as Options lists the sources: "…; from your Liked Songs and Road trip". The playlist names
  // are the person's own: text, never markup. A playlist named "Liked Songs" stays a name, as the flag says which.
  const sources = [...(pick.liked ? [t('explain_liked_songs')] : []), ...(pick.from ?? [])];
  if (sources.length === 0) return why;
  return t('explain_from_sources', why, new Intl.ListFormat(locale, { type: 'conjunction' }).format(sources));
}

function explainFit(pick: Explainable, mood: ProfileName, locale: string): string {
  const decimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const features = t(
    'explain_features',
    valenceWord(pick.valence),
    decimal.format(pick.valence),
    energyWord(pick.energy),
    decimal.format(pick.energy),
    whole.format(pick.tempo),
  );
  const { reason } = pick;
  const dims = new Intl.ListFormat(locale, { type: 'conjunction' }).format(reason.outside.map(dimensionWord));

  if (!reason.lift) {
    const name = profileLabel(mood);
    const sounds = soundWords(reason.sound, locale);
    const fit =
      reason.widened === 0
        ? reason.distance < NEAR_MIDDLE
          ? t('explain_fit_middle', name)
          : t('explain_fit_inside', name)
        : reason.widened >= NEAREST
          ? t('explain_fit_nearest', name)
          : // The music model reaches a step beyond the ranges for a track that sounds right, not for want of a
            // closer one: "nothing closer" is said only when the ranges alone ranked.
            reason.sound
            ? t('explain_fit_near', name, dims)
            : t('explain_fit_outside', name, dims);
    return t('explain_match', sounds ? t('explain_with_sound', fit, sounds) : fit, features);
  }

  const { step, steps, to } = reason.lift;
  const head =
    step >= steps
      ? t('explain_lift_last', step, steps, profileLabel(to))
      : step <= 1
        ? t('explain_lift_first', step, steps, profileLabel(mood))
        : t('explain_lift_step', step, steps, profileLabel(mood), profileLabel(to));
  if (reason.widened === 0) return t('explain_lift', head, features);
  const off =
    reason.widened < NEAREST ? t('explain_fit_step_outside', dims) : t('explain_fit_step_nearest', profileLabel(to));
  return t('explain_lift', t('explain_lift_relaxed', head, off), features);
}
