import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FeaturesRow, type MoodDjDb, openDb } from '@/lib/db/schema';
import { speak } from '@/test/support/language';
import { featuresAt, putAnalysedTracks } from '@/test/support/tracks';
import { explain, type PickReason, soundWords } from './explain';
import type { Sound } from './music-moods';
import { DEFAULT_PROFILES, type MoodProfile } from './profiles';
import { NEAREST, type RankedTrack, type RecommendInput, recommend } from './recommend';

const IN_RANGE: PickReason = { widened: 0, outside: [], distance: 0.2, lift: null };
const pick = (valence: number, energy: number, tempo: number, reason: Partial<PickReason> = {}) => ({
  valence,
  energy,
  tempo,
  reason: { ...IN_RANGE, ...reason },
});

describe('explain', () => {
  it('words a match near the middle from the numbers', () => {
    expect(explain(pick(0.82, 0.71, 128.4), 'happy', 'en')).toBe(
      'Near the middle of the Happy range — bright (valence 0.82) and lively (energy 0.71), 128 BPM',
    );
  });

  it('names an activity as its button does, in English and Spanish', () => {
    const far = { distance: 0.7 };
    expect(explain(pick(0.55, 0.86, 148, far), 'workout', 'en')).toBe(
      'Inside the Workout range — bittersweet (valence 0.55) and lively (energy 0.86), 148 BPM',
    );
    expect(explain(pick(0.3, 0.2, 70), 'winddown', 'en')).toMatch(/^Near the middle of the Wind down range — /);
    const restore = speak('es');
    expect(explain(pick(0.45, 0.45, 100), 'focus', 'es')).toMatch(/Concentración/);
    restore();
  });

  it('picks the words by thresholds: low, middling, high', () => {
    expect(explain(pick(0.2, 0.3, 70), 'sad', 'en')).toBe(
      'Near the middle of the Sad range — dark (valence 0.20) and gentle (energy 0.30), 70 BPM',
    );
    expect(explain(pick(0.5, 0.5, 100, { distance: 0.8 }), 'neutral', 'en')).toBe(
      'Inside the Neutral range — bittersweet (valence 0.50) and steady (energy 0.50), 100 BPM',
    );
  });

  it('names the chosen playlists a track comes from', () => {
    expect(explain({ ...pick(0.82, 0.71, 128.4), from: ['Road trip', 'Chill'] }, 'happy', 'en')).toBe(
      'Near the middle of the Happy range — bright (valence 0.82) and lively (energy 0.71), 128 BPM; from Road trip and Chill',
    );
  });
  it('names Liked Songs when the track is in them, before the playlists, in English and Spanish', () => {
    const happy = 'Near the middle of the Happy range — bright (valence 0.82) and lively (energy 0.71), 128 BPM';
    expect(explain({ ...pick(0.82, 0.71, 128.4), liked: true }, 'happy', 'en')).toBe(`${happy}; from your Liked Songs`);
    expect(explain({ ...pick(0.82, 0.71, 128.4), liked: true, from: ['Road trip', 'Chill'] }, 'happy', 'en')).toBe(
      `${happy}; from your Liked Songs, Road trip, and Chill`,
    );
    expect(explain({ ...pick(0.82, 0.71, 128.4), liked: false, from: ['Road trip'] }, 'happy', 'en')).toBe(
      `${happy}; from Road trip`,
    );
    const restore = speak('es');
    expect(explain({ ...pick(0.82, 0.71, 128.4), liked: true, from: ['Road trip'] }, 'happy', 'es')).toMatch(
      /; de tus Canciones que te gustan y Road trip$/,
    );
    restore();
  });

  it('formats numbers in the page’s locale', () => {
    expect(explain(pick(0.82, 0.71, 128), 'happy', 'de')).toContain('(valence 0,82)');
    expect(explain(pick(0.82, 0.71, 1280), 'happy', 'de')).toContain('1.280 BPM');
  });

  it('says when the ranges had to widen, and where the track lies outside them', () => {
    expect(explain(pick(0.55, 0.71, 190, { widened: 1, outside: ['valence', 'tempo'] }), 'happy', 'en')).toBe(
      'A little outside the Happy range (valence and tempo), nothing closer in your library — bittersweet (valence 0.55) and lively (energy 0.71), 190 BPM',
    );
  });

  it('says when the track is only among the nearest', () => {
    expect(explain(pick(0.1, 0.9, 150, { widened: NEAREST, outside: ['valence'] }), 'happy', 'en')).toBe(
      'Far from the Happy range, among the nearest in your library — dark (valence 0.10) and lively (energy 0.90), 150 BPM',
    );
  });

  it('numbers the steps of a lift: first, between, last', () => {
    const step = (n: number, steps: number) => pick(0.3, 0.3, 90, { lift: { step: n, steps, to: 'calm' } });
    expect(explain(step(1, 4), 'sad', 'en')).toBe(
      'Step 1 of 4, starting from Sad — dark (valence 0.30) and gentle (energy 0.30), 90 BPM',
    );
    expect(explain(step(2, 4), 'sad', 'en')).toMatch(/^Step 2 of 4, from Sad toward Calm — dark/);
    expect(explain(step(4, 4), 'sad', 'en')).toMatch(/^Step 4 of 4, arriving at Calm — /);
    // A one-step lift goes straight to the target.
    expect(explain(step(1, 1), 'angry', 'en')).toMatch(/^Step 1 of 1, arriving at Calm — /);
  });

  it('says when a lift step is off its range', () => {
    const reason = { lift: { step: 3, steps: 5, to: 'energetic' as const } };
    expect(explain(pick(0.5, 0.5, 100, { ...reason, widened: 2, outside: ['tempo'] }), 'sad', 'en')).toMatch(
      /^Step 3 of 5, from Sad toward Energetic, a little outside this step’s range \(tempo\), nothing closer in your library — bittersweet/,
    );
    expect(explain(pick(0.5, 0.5, 100, { ...reason, widened: NEAREST, outside: ['energy'] }), 'sad', 'en')).toMatch(
      /^Step 3 of 5, from Sad toward Energetic, off this step, the nearest in your library still heading for Energetic — /,
    );
  });

  it('reads right in Spanish, the moods named as on their buttons and the numbers in Spanish digits', () => {
    const restore = speak('es');
    try {
      expect(explain(pick(0.82, 0.71, 128.4), 'happy')).toBe(
        'Cerca del centro del rango Feliz — luminosa (valencia 0,82) y animada (energía 0,71), 128 BPM',
      );
      expect(explain(pick(0.55, 0.71, 190, { widened: 1, outside: ['valence', 'tempo'] }), 'surprised')).toMatch(
        /^Un poco fuera del rango Sorprendido \(valencia y tempo\); no hay nada más cercano en tu biblioteca — /,
      );
      const lift = pick(0.3, 0.3, 90, { lift: { step: 2, steps: 4, to: 'calm' } });
      expect(explain(lift, 'sad')).toMatch(/^Paso 2 de 4, de Triste hacia Calma — oscura \(valencia 0,30\)/);
    } finally {
      restore();
    }
  });
});

describe('the reasons recommend() gives', () => {
  let db: MoodDjDb;
  beforeEach(() => {
    db = openDb(`test-${Math.random()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  const SQUARE: MoodProfile = {
    valence: { min: 0.4, max: 0.6 },
    energy: { min: 0.4, max: 0.6 },
    tempo: { min: 100, max: 120 },
  };

  async function library(tracks: [id: string, valence: number, energy: number, tempo: number][]): Promise<void> {
    await putAnalysedTracks(
      db,
      tracks.map(([id, valence, energy, tempo]) => ({ id, valence, energy, tempo })),
    );
  }

  const ask = async (overrides: Partial<RecommendInput> = {}) => {
    const result = await recommend({ db, profile: SQUARE, count: 3, exclude: new Set(), seed: 1, ...overrides });
    return new Map<string, RankedTrack>(result.tracks.map((t) => [t.track.id, t]));
  };

  it('tells inside the ranges, a relaxation step outside, and beyond the widest ranges apart', async () => {
    // One inside; one 0.05 above the valence range (1 step); one far off in energy and tempo.
    await library([
      ['in', 0.5, 0.5, 110],
      ['near', 0.65, 0.5, 110],
      ['far', 0.5, 0.95, 200],
    ]);
    const picks = await ask();
    expect(picks.get('in')?.reason).toEqual({ widened: 0, outside: [], distance: 0, lift: null });
    expect(picks.get('near')?.reason).toMatchObject({ widened: 1, outside: ['valence'] });
    expect(picks.get('far')?.reason).toMatchObject({ widened: NEAREST, outside: ['energy', 'tempo'] });
    const line = (id: string) => {
      const p = picks.get(id);
      if (!p) throw new Error(`${id} was not picked`);
      return explain({ ...p.features, reason: p.reason }, 'neutral', 'en');
    };
    expect(line('in')).toMatch(/^Near the middle of the Neutral range — /);
    expect(line('near')).toMatch(/^A little outside the Neutral range \(valence\), nothing closer/);
    expect(line('far')).toMatch(/^Far from the Neutral range, among the nearest in your library — /);
  });

  it('numbers lift picks from 1 to the steps, with the target named', async () => {
    await library(
      Array.from({ length: 40 }, (_, i) => [`t${i}`, i / 40, i / 40, 100] as [string, number, number, number]),
    );
    const TOP: MoodProfile = { valence: { min: 0.8, max: 1 }, energy: { min: 0.8, max: 1 }, tempo: SQUARE.tempo };
    const result = await recommend({
      db,
      profile: { ...SQUARE, valence: { min: 0, max: 0.2 }, energy: { min: 0, max: 0.2 } },
      count: 4,
      exclude: new Set(),
      seed: 3,
      lift: { to: TOP, steps: 4, target: 'energetic' },
    });
    expect(result.tracks.map((t) => t.reason.lift)).toEqual(
      [1, 2, 3, 4].map((step) => ({ step, steps: 4, to: 'energetic' })),
    );
  });
});

describe('what the music model adds to the line', () => {
  const sad = (probability: number, cues: Sound['cues']): Partial<PickReason> => ({
    sound: { like: 'sad', probability, cues },
  });
  const ACOUSTIC_QUIET_SLOW: Sound['cues'] = [
    { feature: 'acousticness', level: 'high' },
    { feature: 'loudness', level: 'low' },
    { feature: 'tempo', level: 'low' },
  ];

  it('says how the track sounds, from the model’s strongest cues, after the fit', () => {
    expect(explain(pick(0.21, 0.28, 92, sad(0.8, ACOUSTIC_QUIET_SLOW)), 'sad', 'en')).toBe(
      'Near the middle of the Sad range, sounds sad: acoustic, quiet, and slow — dark (valence 0.21) and gentle (energy 0.28), 92 BPM',
    );
    const fierce = {
      sound: {
        like: 'angry' as const,
        probability: 0.9,
        cues: [{ feature: 'danceability' as const, level: 'low' as const }],
      },
    };
    expect(explain(pick(0.2, 0.9, 150, { ...fierce, distance: 0.7 }), 'angry', 'en')).toMatch(
      /^Inside the Angry range, sounds fierce: hard to dance to — /,
    );
  });

  it('says nothing of the sound when the model does not hear the mood, or gives no reason', () => {
    const plain = 'Near the middle of the Sad range — dark (valence 0.21) and gentle (energy 0.28), 92 BPM';
    expect(explain(pick(0.21, 0.28, 92, sad(0.45, ACOUSTIC_QUIET_SLOW)), 'sad', 'en')).toBe(plain);
    expect(explain(pick(0.21, 0.28, 92, sad(0.9, [])), 'sad', 'en')).toBe(plain);
    expect(soundWords(undefined)).toBe('');
  });

  it('does not say "nothing closer" of a track the model reached for just outside the range', () => {
    const near = { widened: 1, outside: ['energy' as const], ...sad(0.85, ACOUSTIC_QUIET_SLOW.slice(0, 1)) };
    expect(explain(pick(0.3, 0.55, 100, near), 'sad', 'en')).toBe(
      'A little outside the Sad range (energy), sounds sad: acoustic — dark (valence 0.30) and steady (energy 0.55), 100 BPM',
    );
    // The model on but not hearing sadness: no sound words, and still no "nothing closer".
    expect(explain(pick(0.3, 0.55, 100, { ...near, ...sad(0.3, []) }), 'sad', 'en')).toMatch(
      /^A little outside the Sad range \(energy\) — dark/,
    );
    // The ranges alone: as before.
    expect(explain(pick(0.3, 0.55, 100, { ...near, sound: undefined }), 'sad', 'en')).toMatch(
      /^A little outside the Sad range \(energy\), nothing closer in your library — /,
    );
  });

  it('reads right in Spanish', () => {
    const restore = speak('es');
    try {
      expect(explain(pick(0.21, 0.28, 92, sad(0.8, ACOUSTIC_QUIET_SLOW)), 'sad')).toBe(
        'Cerca del centro del rango Triste, suena triste: acústica, de volumen bajo y lenta — oscura (valencia 0,21) y suave (energía 0,28), 92 BPM',
      );
    } finally {
      restore();
    }
  });

  it('words what the shipped model hears in a pick recommend() made', async () => {
    const db = openDb(`test-${Math.random()}`);
    try {
      const ballad: FeaturesRow = {
        ...featuresAt('ballad', { valence: 0.2, energy: 0.3, tempo: 80 }),
        danceability: 0.45,
        acousticness: 0.85,
        instrumentalness: 0,
        speechiness: 0.03,
        liveness: 0.1,
        loudness: -11,
      };
      await putAnalysedTracks(db, [{ id: 'ballad', valence: 0.2, energy: 0.3, tempo: 80 }]);
      await db.features.put(ballad);
      const result = await recommend({
        db,
        profile: DEFAULT_PROFILES.sad,
        mood: 'sad',
        count: 1,
        exclude: new Set(),
        seed: 1,
      });
      const [p] = result.tracks;
      if (!p) throw new Error('nothing was picked');
      expect(explain({ ...p.features, reason: p.reason }, 'sad', 'en')).toMatch(
        /^Near the middle of the Sad range, sounds sad: [a-z -]+(, [a-z -]+)*( and [a-z -]+)? — dark/,
      );
    } finally {
      await db.delete();
    }
  });
});
