import { describe, expect, it } from 'vitest';
import type { FeaturesRow } from '@/lib/db/schema';
import { featuresAt } from '@/test/support/tracks';
import { MIN_CUE, type MusicModelFile, musicInput, musicModelFrom, shippedMusicModel } from './music-model';
import file from './music-model.json' with { type: 'json' };
import { CUE_FEATURES, MAX_CUES, MUSIC_FEATURES, MUSIC_MOODS, type MusicMood } from './music-moods';

/** A track with every feature known (Spotify's units: 0–1, tempo in BPM, loudness in dB). */
const track = (id: string, f: Omit<FeaturesRow, 'trackId' | 'provider' | 'fetchedAt'>): FeaturesRow => ({
  trackId: id,
  provider: 'reccobeats',
  fetchedAt: 1,
  ...f,
});

/** Typical tracks of each kind, from the catalogue's medians for such music. */
const TYPICAL: Record<MusicMood, FeaturesRow> = {
  // A sung, acoustic ballad: dark, quiet, slow.
  sad: track('ballad', {
    valence: 0.2,
    energy: 0.3,
    tempo: 80,
    danceability: 0.45,
    acousticness: 0.8,
    instrumentalness: 0,
    speechiness: 0.03,
    liveness: 0.1,
    loudness: -11,
  }),
  // Metal: loud, electric, hard to dance to.
  angry: track('metal', {
    valence: 0.25,
    energy: 0.95,
    tempo: 150,
    danceability: 0.35,
    acousticness: 0,
    instrumentalness: 0.05,
    speechiness: 0.1,
    liveness: 0.2,
    loudness: -4,
  }),
  // Disco: bright, danceable.
  happy: track('disco', {
    valence: 0.9,
    energy: 0.75,
    tempo: 120,
    danceability: 0.8,
    acousticness: 0.1,
    instrumentalness: 0,
    speechiness: 0.05,
    liveness: 0.1,
    loudness: -6,
  }),
  // Ambient: soft, instrumental.
  relaxed: track('ambient', {
    valence: 0.3,
    energy: 0.15,
    tempo: 100,
    danceability: 0.4,
    acousticness: 0.9,
    instrumentalness: 0.9,
    speechiness: 0.04,
    liveness: 0.1,
    loudness: -20,
  }),
};

const model = shippedMusicModel();
const probabilities = (f: FeaturesRow) => MUSIC_MOODS.map((mood) => model.probability(f, mood));
const heard = (f: FeaturesRow) => {
  const p = probabilities(f);
  return MUSIC_MOODS[p.indexOf(Math.max(...p))];
};

describe('the music model', () => {
  it('gives four probabilities that sum to 1', () => {
    for (const f of Object.values(TYPICAL)) {
      const p = probabilities(f);
      expect(p.every((x) => x > 0 && x < 1)).toBe(true);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    }
  });

  it('hears typical tracks as their mood', () => {
    for (const mood of MUSIC_MOODS) expect(heard(TYPICAL[mood]), mood).toBe(mood);
  });

  it('tells sad from relaxed where valence and energy alone hardly do: vocals against none', () => {
    const quiet = { valence: 0.25, energy: 0.25, tempo: 90, danceability: 0.45, speechiness: 0.04, liveness: 0.1 };
    const sung = track('sung', { ...quiet, acousticness: 0.8, instrumentalness: 0, loudness: -10 });
    const instrumental = track('instrumental', { ...quiet, acousticness: 0.9, instrumentalness: 0.9, loudness: -17 });
    expect(model.probability(sung, 'sad')).toBeGreaterThan(model.probability(instrumental, 'sad'));
    expect(model.probability(instrumental, 'relaxed')).toBeGreaterThan(model.probability(sung, 'relaxed'));
  });

  it('takes missing features as the catalogue’s mean, and still ranks on what is known', () => {
    // ReccoBeats and SoundNet may send valence, energy and tempo only.
    const bare = (f: FeaturesRow) => featuresAt(f.trackId, f);
    for (const mood of ['angry', 'sad', 'happy'] as const) {
      const p = probabilities(bare(TYPICAL[mood]));
      expect(p.every(Number.isFinite)).toBe(true);
      expect(heard(bare(TYPICAL[mood])), mood).toBe(mood);
    }
    // A tempo of 0 is Spotify's "could not tell": the same as no tempo at all.
    const noTempo = { ...TYPICAL.sad, tempo: 0 };
    expect(musicInput(noTempo)[MUSIC_FEATURES.indexOf('tempo')]).toBeNull();
    expect(model.probability(noTempo, 'sad')).toBeCloseTo(
      musicModelFrom({ ...file, weights: file.weights.map((w) => w.map((x, j) => (j === 2 ? 0 : x))) }).probability(
        TYPICAL.sad,
        'sad',
      ),
      10,
    );
    // A value no provider should send (NaN, ∞) counts as missing too, never as a number.
    const odd = { ...TYPICAL.sad, loudness: Number.NaN, danceability: Number.POSITIVE_INFINITY };
    expect(musicInput(odd)[MUSIC_FEATURES.indexOf('loudness')]).toBeNull();
    expect(Number.isFinite(model.probability(odd, 'sad'))).toBe(true);
  });

  it('clips an extreme value, so one feature cannot decide alone', () => {
    // Both beyond the clip: 4 standard deviations below the catalogue's mean loudness is about −29 dB.
    const silent = { ...TYPICAL.sad, loudness: -200 };
    const faint = { ...TYPICAL.sad, loudness: -50 };
    expect(model.probability(silent, 'sad')).toBeCloseTo(model.probability(faint, 'sad'), 10);
  });

  it('runs in microseconds a track', () => {
    const tracks = Object.values(TYPICAL);
    const started = performance.now();
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += model.probability(tracks[i % tracks.length] as FeaturesRow, 'sad');
    const micros = ((performance.now() - started) * 1000) / 20_000;
    expect(sum).toBeGreaterThan(0);
    // About 1 µs in Node; the bound leaves room for a loaded test machine.
    expect(micros).toBeLessThan(50);
  });

  it('refuses a model file of the wrong shape, loudly', () => {
    const bad = (change: Partial<MusicModelFile>) => () => musicModelFrom({ ...file, ...change });
    expect(bad({ weights: file.weights.slice(1) })).toThrow(/Music model is invalid/);
    expect(bad({ moods: ['sad', 'happy', 'angry', 'relaxed'] })).toThrow(/out of order/);
    expect(bad({ mean: [...file.mean.slice(1), Number.NaN] })).toThrow(/Music model is invalid/);
    expect(() => musicModelFrom({ version: 2 })).toThrow(/Music model is invalid/);
  });
});

describe('what the music model says of a track', () => {
  it('names the features that make it sound like the mood, strongest first, at most three', () => {
    const sound = model.sound(TYPICAL.relaxed, 'relaxed');
    expect(sound.like).toBe('relaxed');
    expect(sound.probability).toBeCloseTo(model.probability(TYPICAL.relaxed, 'relaxed'), 12);
    expect(sound.cues.length).toBeGreaterThan(0);
    expect(sound.cues.length).toBeLessThanOrEqual(MAX_CUES);
    expect(sound.cues[0]).toEqual({ feature: 'instrumentalness', level: 'high' });
    expect(model.sound(TYPICAL.sad, 'sad').cues).toContainEqual({ feature: 'instrumentalness', level: 'low' });
    expect(model.sound(TYPICAL.angry, 'angry').cues).toContainEqual({ feature: 'acousticness', level: 'low' });
  });

  it('never names valence or energy (the explanation words them already), nor a missing feature', () => {
    for (const f of Object.values(TYPICAL)) {
      for (const mood of MUSIC_MOODS) {
        for (const cue of model.sound(f, mood).cues) expect(CUE_FEATURES).toContain(cue.feature);
      }
    }
    const bare = featuresAt('bare', TYPICAL.sad);
    const cues = model.sound(bare, 'sad').cues;
    expect(cues.every((c) => c.feature === 'tempo')).toBe(true);
    expect(model.sound({ ...bare, tempo: 0 }, 'sad').cues).toEqual([]);
  });

  it('names only features that speak for the mood asked about', () => {
    // Metal does not sound relaxed: whatever it names must raise relaxed's odds by at least MIN_CUE.
    const probe = (f: FeaturesRow) => model.probability(f, 'relaxed');
    for (const cue of model.sound(TYPICAL.angry, 'relaxed').cues) {
      const atMean = { ...TYPICAL.angry, [cue.feature]: null };
      const odds = (p: number) => Math.log(p / (1 - p));
      expect(odds(probe(TYPICAL.angry)) - odds(probe(atMean))).toBeGreaterThan(MIN_CUE / 2);
    }
  });
});
