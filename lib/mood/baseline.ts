import { extractFeatures, FEATURE_NAMES } from './features.ts';
import type { FaceFrame } from './types.ts';

/** Bumped whenever the feature definitions change, so stale stored baselines are ignored. */
export const BASELINE_VERSION = 1;

/**
 * A person's resting (neutral) face, measured once during calibration. Plain JSON, so it can be
 * stored as is; a baseline of another `version` is ignored rather than misapplied.
 */
export interface Baseline {
  readonly version: typeof BASELINE_VERSION;
  /** How many frames were combined. */
  readonly frames: number;
  /** Median value of each feature (by `FEATURE_NAMES` name) over the calibration frames. */
  readonly features: Readonly<Record<string, number>>;
}

/**
 * A baseline from frames of the user's resting face (about 15 frames over a few seconds).
 * Uses the per-feature median so a blink or a half-smile in a few frames does not shift it.
 * @throws if `frames` is empty.
 */
export function createBaseline(frames: ReadonlyArray<FaceFrame>): Baseline {
  if (frames.length === 0) throw new Error('createBaseline needs at least one face frame');
  const rows = frames.map(extractFeatures);
  const features: Record<string, number> = {};
  FEATURE_NAMES.forEach((name, i) => {
    const values = rows.map((r) => r[i] ?? Number.NaN).filter(Number.isFinite);
    // NaN cannot be stored as JSON; a missing key means "no baseline for this feature".
    if (values.length > 0) features[name] = median(values);
  });
  return { version: BASELINE_VERSION, frames: frames.length, features };
}

/** Narrows a stored value to a usable `Baseline` of the current version. */
export function isBaseline(value: unknown): value is Baseline {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.version !== BASELINE_VERSION || typeof v.frames !== 'number') return false;
  const f = v.features;
  return (
    typeof f === 'object' && f !== null && Object.values(f).every((x) => typeof x === 'number' && Number.isFinite(x))
  );
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}
