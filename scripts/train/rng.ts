import { mulberry32 } from '../../lib/recommend/random';

/** The same seeded PRNG the recommender uses, so training and CV folds are reproducible. */
export const createRng: (seed: number) => () => number = mulberry32;

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}
