/**
 * `npx tsx scripts/coverage.ts`: how many tracks each mood profile's strict ranges hold, over
 * the shared catalogue and over 10 seeded random 2,000-track "libraries", so we know whether a
 * typical library has enough per mood before the recommender has to widen the ranges.
 */
import { loadCatalog } from '../e2e/fakes/catalog';
import { DEFAULT_PROFILES, type MoodProfile, PROFILE_NAMES } from '../lib/recommend/profiles';
import { mulberry32 } from '../lib/recommend/random';

const LIBRARIES = 10;
const LIBRARY_SIZE = 2000;
const SEED = 20_240_601;

/** The original MoodDJ ranges of the profiles whose defaults changed, printed for comparison. */
const ORIGINAL: Partial<Record<string, MoodProfile>> = {
  sad: { valence: { min: 0, max: 0.4 }, energy: { min: 0.2, max: 0.5 }, tempo: { min: 60, max: 100 } },
  calm: { valence: { min: 0.3, max: 0.7 }, energy: { min: 0.2, max: 0.5 }, tempo: { min: 60, max: 100 } },
};

interface Features {
  valence: number;
  energy: number;
  tempo: number;
}

const inside = (profile: MoodProfile, f: Features) =>
  f.valence >= profile.valence.min &&
  f.valence <= profile.valence.max &&
  f.energy >= profile.energy.min &&
  f.energy <= profile.energy.max &&
  f.tempo >= profile.tempo.min &&
  f.tempo <= profile.tempo.max;

/** `size` distinct items drawn without replacement (partial Fisher–Yates). */
function sample<T>(items: readonly T[], size: number, rand: () => number): T[] {
  const pool = [...items];
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(rand() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, size);
}

const catalog = loadCatalog();
if (!catalog) {
  console.error('*** SKIPPING coverage: the shared catalogue is missing. ***');
  process.exit(0);
}
// Tempo 0 marks tracks Spotify could not analyse; a real library gets them too, so they stay in.
const rand = mulberry32(SEED);
const libraries = Array.from({ length: LIBRARIES }, () => sample(catalog, LIBRARY_SIZE, rand));

console.log(
  `${catalog.length.toLocaleString('en')} catalogue tracks; ${LIBRARIES} seeded libraries of ${LIBRARY_SIZE.toLocaleString('en')}.`,
);
console.log('profile      catalogue        per library (min / median)');
const rows: [string, MoodProfile][] = PROFILE_NAMES.map((name) => [name, DEFAULT_PROFILES[name]]);
for (const [name, profile] of Object.entries(ORIGINAL)) if (profile) rows.push([`${name} (orig)`, profile]);
for (const [name, profile] of rows) {
  const total = catalog.filter((track) => inside(profile, track)).length;
  const perLibrary = libraries.map((library) => library.filter((track) => inside(profile, track)).length);
  perLibrary.sort((a, b) => a - b);
  const median = ((perLibrary[LIBRARIES / 2 - 1] ?? 0) + (perLibrary[LIBRARIES / 2] ?? 0)) / 2;
  const percent = ((total / catalog.length) * 100).toFixed(1);
  console.log(
    `${name.padEnd(11)}  ${String(total).padStart(6)} (${percent.padStart(4)}%)  ${String(perLibrary[0]).padStart(5)} / ${median}`,
  );
}
