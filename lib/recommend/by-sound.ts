import type { MusicModel } from './music-model';
import type { MusicMood } from './music-moods';
import { type Hit, scoreOf } from './search';

/**
 * Relaxation steps beyond the person's ranges the model may reach for a track that sounds right: one step, 0.1
 * in valence and energy and 15 BPM each side (`RELAX_STEP`). A sad rock ballad a little too loud for the sad
 * box, or a sad song whose tempo Spotify doubled, comes in; nothing further out does until the ranges themselves
 * have to widen. Two steps scored a little higher on the playlists (held-out macro precision 0.82 against 0.80;
 * none: 0.73), but one keeps the picks near the ranges the person set.
 */
export const SOUND_REACH = 1;
/**
 * γ in a candidate's fit, `scoreOf(distance) × p^γ` (p: the model's probability that it sounds like the mood).
 * At 2, a track at a corner of the ranges that sounds the part (p 0.8: 0.5 × 0.64) goes before one at the
 * centre the model doubts (p 0.5: 1 × 0.25). Chosen on the held-out precision `npm run train:music` prints
 * (macro over the five moods, γ 1 / 2 / 3: 0.76 / 0.80 / 0.81).
 */
export const SOUND_WEIGHT = 2;
/**
 * Candidates the model re-ranks, per candidate the ranges alone would read. Four scored no better than two on the
 * playlists, and read twice the rows.
 */
export const SOUND_CANDIDATES = 2;

/** The model, and the mood the picks should sound like. */
export interface Listening {
  model: MusicModel;
  like: MusicMood;
}

/** `hits` with their fit scaled by how much each sounds like the mood, best first. */
export function bySound(hits: readonly Hit[], { model, like }: Listening): Hit[] {
  return hits
    .map((hit) => ({ ...hit, fit: scoreOf(hit.distance) * model.probability(hit.features, like) ** SOUND_WEIGHT }))
    .sort((a, b) => b.fit - a.fit || a.distance - b.distance || (a.features.trackId < b.features.trackId ? -1 : 1));
}
