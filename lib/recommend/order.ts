import type { TrackRow } from '@/lib/db/schema';
import type { PickReason } from './explain';
import { shareArtist } from './recommend';

/** Where a track sits for ordering: energy 0–1, tempo in BPM. */
export interface Sound {
  energy: number;
  tempo: number;
}

/** Tempos below this (a silent intro, a failed estimate of 0) are read as this, so a step stays finite. */
const MIN_TEMPO = 30;
/** Improvements smaller than this are rounding, not a better path. */
const EPSILON = 1e-9;

/**
 * The tempo step between two tracks, in octaves: |log2(a / b)|, so 60 → 90 BPM (1.5×) weighs as much as
 * 120 → 180, as the ear hears it, and a doubling (70 → 140) weighs 1, the whole energy scale.
 *
 * Half and double time are not folded together: that the estimate doubled a slow song is a guess
 * for any one track, and a true 70 → 140 change is the jump this ordering exists to avoid.
 */
export function tempoStep(a: number, b: number): number {
  return Math.abs(Math.log2(Math.max(a, MIN_TEMPO) / Math.max(b, MIN_TEMPO)));
}

/** How far apart two tracks sound: energy and tempo steps combined (Euclidean). */
export function stepBetween(a: Sound, b: Sound): number {
  return Math.hypot(a.energy - b.energy, tempoStep(a.tempo, b.tempo));
}

export interface SmoothOptions<T> {
  sound: (item: T) => Sound;
  /** Whether two items may not be neighbours (they share an artist). */
  clash: (a: T, b: T) => boolean;
  /**
   * What plays just before the batch, when its features are known: the path starts from it, so the first
   * track is one that follows it smoothly. Without it, the path may start anywhere, read from its better-ranked end.
   */
  from?: Sound | null;
}

/**
 * `items` (a batch already chosen by the ranking, best first) reordered so that neighbours are close in
 * energy and tempo: a steady ramp or a gentle wave instead of the ranking's jumps. Greedy nearest
 * neighbour, then 2-opt (reverse any stretch whose reversal shortens the path) until nothing improves:
 * from `from` when it is known, else from every track in turn, keeping the shortest path and starting it
 * at the end the ranking liked better. No two neighbours clash: a move that would make them is not taken,
 * and a start from which the greedy walk cannot avoid one is dropped; when none is left, or the ranking's
 * own order (which keeps artists apart) is already the smoother, that order is kept. The set never
 * changes, only its order. Pure; about n⁴ steps at worst without `from`, for batches of tens of tracks.
 */
export function smoothOrder<T>(items: readonly T[], options: SmoothOptions<T>): T[] {
  const { sound, clash } = options;
  const from = options.from ?? null;
  if (items.length < 2) return [...items];
  const sounds = new Map(items.map((item) => [item, sound(item)]));
  const at = (item: T) => sounds.get(item) as Sound;
  const length = (order: readonly T[]) =>
    order.reduce((sum, item, i) => {
      const before = i > 0 ? at(order[i - 1] as T) : from;
      return sum + (before ? stepBetween(before, at(item)) : 0);
    }, 0);

  let best: T[] = [...items];
  let bestLength = length(items);
  for (const head of from ? [null] : items) {
    const path = greedy(head);
    if (!path) continue;
    twoOpt(path);
    const pathLength = length(path);
    if (pathLength < bestLength - EPSILON) {
      best = path;
      bestLength = pathLength;
    }
  }
  // An open path reads as well both ways: start from the end the ranking liked better.
  if (!from && items.indexOf(best.at(-1) as T) < items.indexOf(best[0] as T)) best.reverse();
  return best;

  /** Nearest neighbour from `head` (or from `from`), or null when it cannot keep artists apart. */
  function greedy(head: T | null): T[] | null {
    const path: T[] = head === null ? [] : [head];
    const rest = items.filter((item) => item !== head);
    while (rest.length > 0) {
      const last = path.at(-1);
      const origin = last === undefined ? (from as Sound) : at(last);
      let next = -1;
      let nextStep = Number.POSITIVE_INFINITY;
      for (const [i, item] of rest.entries()) {
        const step = stepBetween(origin, at(item));
        if ((last === undefined || !clash(last, item)) && step < nextStep) {
          next = i;
          nextStep = step;
        }
      }
      if (next < 0) return null;
      path.push(...rest.splice(next, 1));
    }
    return path;
  }

  /**
   * 2-opt over an open path, in place. Position i's predecessor is path[i - 1], or `from` before the first;
   * without `from` the head is free too: reversing a stretch from it changes only the stretch's far end.
   */
  function twoOpt(path: T[]): void {
    for (let improved = true; improved; ) {
      improved = false;
      for (let i = 0; i < path.length - 1; i++) {
        for (let j = i + 1; j < path.length; j++) {
          const a = path[i] as T;
          const b = path[j] as T;
          const previous = i > 0 ? path[i - 1] : undefined;
          const next = path[j + 1];
          const before = previous === undefined ? from : at(previous);
          const removed =
            (before ? stepBetween(before, at(a)) : 0) + (next === undefined ? 0 : stepBetween(at(b), at(next)));
          const added =
            (before ? stepBetween(before, at(b)) : 0) + (next === undefined ? 0 : stepBetween(at(a), at(next)));
          if (added >= removed - EPSILON) continue;
          // The stretch's own neighbours stay neighbours; only its two ends meet someone new.
          if ((previous !== undefined && clash(previous, b)) || (next !== undefined && clash(a, next))) continue;
          path.splice(i, j - i + 1, ...path.slice(i, j + 1).reverse());
          improved = true;
        }
      }
    }
  }
}

/** The mean step between neighbours: in energy, in tempo (octaves), and the two combined. */
export function meanSteps(sounds: readonly Sound[]): { energy: number; tempo: number; combined: number } {
  const pairs = sounds.slice(1).map((s, i) => [sounds[i] as Sound, s] as const);
  const mean = (f: (a: Sound, b: Sound) => number) =>
    pairs.length === 0 ? 0 : pairs.reduce((sum, [a, b]) => sum + f(a, b), 0) / pairs.length;
  return {
    energy: mean((a, b) => Math.abs(a.energy - b.energy)),
    tempo: mean((a, b) => tempoStep(a.tempo, b.tempo)),
    combined: mean(stepBetween),
  };
}

/** A ranked pick, as far as ordering needs it. */
export interface OrderablePick {
  track: TrackRow;
  features: Sound;
  reason: PickReason;
}

/**
 * A batch of picks in the order to queue them: smooth in energy and tempo, starting from `from` (what will
 * play just before the batch) when its features are known, else from the best-ranked pick. A lift batch is
 * kept as it is: its order is the lift, step by step toward the target.
 */
export function smoothBatch<P extends OrderablePick>(picks: readonly P[], from: Sound | null): P[] {
  if (picks.some((pick) => pick.reason.lift)) return [...picks];
  return smoothOrder(picks, { sound: (pick) => pick.features, clash: (a, b) => shareArtist(a.track, b.track), from });
}
