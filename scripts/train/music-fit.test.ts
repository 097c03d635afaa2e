import { describe, expect, it } from 'vitest';
import type { FeaturesRow } from '../../lib/db/schema';
import { musicModelFrom } from '../../lib/recommend/music-model';
import { MUSIC_FEATURES, type MusicMood } from '../../lib/recommend/music-moods';
import { featuresAt } from '../../test/support/tracks';
import { fitMusicModel, type MusicExample, type MusicFitOptions, standardisation } from './music-fit';
import { createRng } from './rng';

const OPTIONS: MusicFitOptions = { l2: 1e-3, iterations: 150, learningRate: 0.05, clip: 4, maskRate: 0.3, seed: 1 };

/** Four clusters in valence × energy, the quadrants; acousticness tells sad from relaxed, nothing else does. */
function quadrants(n: number, seed: number): MusicExample[] {
  const rand = createRng(seed);
  const centres: [MusicMood, number, number, number][] = [
    ['happy', 0.8, 0.8, 0.2],
    ['angry', 0.2, 0.85, 0.05],
    ['sad', 0.25, 0.3, 0.2],
    ['relaxed', 0.25, 0.3, 0.9],
  ];
  return Array.from({ length: n }, (_, i) => {
    const [mood, v, e, a] = centres[i % 4] as [MusicMood, number, number, number];
    const jitter = () => (rand() - 0.5) * 0.2;
    const features: FeaturesRow = {
      ...featuresAt(`t${i}`, { valence: v + jitter(), energy: e + jitter(), tempo: 100 + 40 * rand() }),
      acousticness: a + jitter() / 2,
    };
    return { features, mood, weight: 1 };
  });
}

describe('fitMusicModel', () => {
  const train = quadrants(400, 1);
  const scale = standardisation(train.map((e) => e.features));

  it('learns the moods, the one that only acousticness tells apart too', () => {
    const model = musicModelFrom(fitMusicModel(train, scale, OPTIONS));
    const test = quadrants(200, 2);
    const right = test.filter((e) => model.probability(e.features, e.mood) > 0.5).length;
    expect(right / test.length).toBeGreaterThan(0.9);
  });

  it('gives the same file for the same examples, to the last digit', () => {
    const a = fitMusicModel(train, scale, OPTIONS);
    const b = fitMusicModel(train, scale, OPTIONS);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(fitMusicModel(train, scale, { ...OPTIONS, seed: 2 }))).not.toBe(JSON.stringify(a));
  });
});

describe('standardisation', () => {
  it('leaves unknown values out of the mean and spread, and measures tempo in octaves from 120 BPM', () => {
    const rows = [
      { ...featuresAt('a', { valence: 0, energy: 0.5, tempo: 60 }), acousticness: 0.2 },
      { ...featuresAt('b', { valence: 1, energy: 0.5, tempo: 240 }), acousticness: null },
      { ...featuresAt('c', { valence: 0.5, energy: 0.5, tempo: 0 }), acousticness: 0.4 },
    ];
    const { mean, std } = standardisation(rows);
    const at = (name: (typeof MUSIC_FEATURES)[number]) => MUSIC_FEATURES.indexOf(name);
    expect(mean[at('valence')]).toBeCloseTo(0.5);
    expect(mean[at('acousticness')]).toBeCloseTo(0.3);
    expect(std[at('acousticness')]).toBeCloseTo(0.1);
    // 60 and 240 BPM: −1 and +1 octave; the tempo of 0 is unknown.
    expect(mean[at('tempo')]).toBeCloseTo(0);
    expect(std[at('tempo')]).toBeCloseTo(1);
    // Nothing known: a mean of 0 and a tiny spread, never NaN.
    expect(Number.isFinite(std[at('loudness')])).toBe(true);
  });
});
