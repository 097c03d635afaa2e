import { MOODS, type Mood, type MoodScores } from './types.ts';

/** The index of the largest value, the first of equals (0 for an empty list). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if ((values[k] ?? 0) > (values[best] ?? 0)) best = k;
  return best;
}

/** The mood with the highest score, the first in `MOODS` order of equals. */
export function topMood(scores: MoodScores): Mood {
  return MOODS[argmax(MOODS.map((m) => scores[m]))] ?? MOODS[0];
}
