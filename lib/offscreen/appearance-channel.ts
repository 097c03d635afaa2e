import type { AppearanceModel, FrameImage } from '@/lib/mood/appearance';
import { argmax } from '@/lib/mood/argmax';
import { faceBox } from '@/lib/mood/crop';
import type { AppearanceFusion } from '@/lib/mood/pipeline';
import { fuse, type Stacker, type StackerInput, stackerFor } from '@/lib/mood/stacker';
import { type FaceFrame, MOODS, type MoodScores } from '@/lib/mood/types';

export interface AppearanceTuning {
  /** The models run on every `every`-th face frame… */
  readonly every: number;
  /** …and on any face frame where the blendshape model's top probability is below this… */
  readonly unsureBelow: number;
  /** …and whenever their last reading is older than this; an older reading is never fused. */
  readonly maxAgeMs: number;
}

/**
 * Every 3rd face frame at the default 5 fps means a reading at most 0.6 s old; at the slow
 * rates of a steady face (1–2 fps) the 1 s age limit makes it run on every frame.
 */
export const APPEARANCE_TUNING: AppearanceTuning = { every: 3, unsureBelow: 0.6, maxAgeMs: 1000 };

/** An appearance view: a model of the face crop (`cnn`, `expr`), loaded on demand. */
export interface AppearanceView {
  readonly name: Exclude<StackerInput, 'mlp'>;
  readonly load: () => Promise<AppearanceModel>;
}

export interface AppearanceChannel extends AppearanceFusion {
  /**
   * Loads every view's model once, each on its own: the ones that load are fused, a failure is
   * reported once (one error however many failed) and leaves the others and the blendshape model alone.
   */
  load(): Promise<void>;
  /**
   * The blendshape model's scores for `frame` (after calibration and personal examples), fused
   * with fresh readings of the loaded views through the stacker fitted for exactly those views;
   * unchanged without one.
   */
  fuse(mlp: MoodScores, frame: FaceFrame, image: FrameImage | null): MoodScores;
  /** Whether at least one view is loaded and has not failed. */
  readonly ready: boolean;
  /** The views in use, in the stacker's order (empty until loaded). */
  readonly views: readonly StackerInput[];
  /** How many times the views ran (once per frame they ran on, for the figures). */
  readonly runs: number;
}

/**
 * The appearance channel in the offscreen document: models of the face crop fused with the blendshape model,
 * because together they read moods better than the blendshape model alone (cross-validated, README). They do
 * not run on every frame: the readings are kept and reused while fresh, so their cost is spread over several
 * frames. All loaded views run on the same frames, so the stacker always sees readings of one moment.
 */
export function createAppearanceChannel(deps: {
  /** One stacker per set of views (`stacker.json`); the channel uses the one for the views that loaded. */
  stackers: readonly Stacker[];
  views: readonly AppearanceView[];
  now: () => number;
  onError: (error: unknown) => void;
  tuning?: AppearanceTuning;
}): AppearanceChannel {
  const tuning = deps.tuning ?? APPEARANCE_TUNING;
  let models: { name: AppearanceView['name']; model: AppearanceModel }[] = [];
  let stacker: Stacker | null = null;
  let loading: Promise<void> | null = null;
  let faceFrames = 0;
  let runs = 0;
  /** The loaded views' readings (in `models` order) and when they were taken. */
  let last: { probs: number[][]; at: number } | null = null;

  /** Keeps `kept` models and picks their stacker; none fitted for them is a broken build, reported. */
  const use = (kept: typeof models): Error | null => {
    last = null;
    const inputs: StackerInput[] = ['mlp', ...kept.map((m) => m.name)];
    const found = kept.length > 0 ? stackerFor(deps.stackers, inputs) : null;
    stacker = found;
    // In the stacker's order, so readings line up with its inputs.
    models = found ? kept.sort((a, b) => found.inputs.indexOf(a.name) - found.inputs.indexOf(b.name)) : [];
    return kept.length > 0 && !found ? new Error(`Mood stacker: none fitted for ${inputs.join('+')}`) : null;
  };

  const read = (mlp: readonly number[], frame: FaceFrame, image: FrameImage | null, at: number) => {
    if (models.length === 0 || !image || !frame.landmarks) return;
    const fresh = last !== null && at - last.at <= tuning.maxAgeMs;
    const unsure = Math.max(...mlp) < tuning.unsureBelow;
    // Kept readings that name another mood than the blendshape model now does would hold the fused
    // mood back on a real change (up to maxAgeMs): look again instead.
    const disagrees = last !== null && argmax(mlp) !== argmax(mean(last.probs));
    if (fresh && !unsure && !disagrees && faceFrames % tuning.every !== 0) return;
    const box = faceBox(frame.landmarks, image.width, image.height);
    if (!box) return;
    const probs: number[][] = [];
    for (const m of models) {
      try {
        const p = m.model.moodProbs(image, box);
        if (!p) return;
        probs.push(p);
      } catch (error) {
        // The others go on, with the stacker fitted for them (none fitted: the blendshape model reads alone).
        use(models.filter((k) => k !== m));
        deps.onError(error);
        return;
      }
    }
    runs++;
    last = { probs, at };
  };

  return {
    load() {
      loading ??= Promise.allSettled(deps.views.map((v) => v.load())).then((settled) => {
        const failed: unknown[] = [];
        const kept: typeof models = [];
        settled.forEach((s, i) => {
          const name = deps.views[i]?.name;
          if (s.status === 'rejected') failed.push(s.reason);
          else if (name) kept.push({ name, model: s.value });
        });
        const broken = use(kept);
        if (broken) failed.push(broken);
        if (failed.length === 1) deps.onError(failed[0]);
        else if (failed.length > 1) deps.onError(new AggregateError(failed, 'Appearance models failed to load'));
      });
      return loading;
    },
    fuse(mlp, frame, image) {
      if (models.length === 0 || !stacker) return mlp;
      const at = deps.now();
      const probs = MOODS.map((m) => mlp[m]);
      read(probs, frame, image, at);
      faceFrames++;
      if (last && at - last.at > tuning.maxAgeMs) last = null;
      if (!last || !stacker) return mlp;
      const fused = fuse(stacker, probs, ...last.probs);
      return Object.fromEntries(MOODS.map((m, k) => [m, fused[k] ?? 0])) as MoodScores;
    },
    get ready() {
      return models.length > 0;
    },
    get views() {
      return stacker ? stacker.inputs : [];
    },
    get runs() {
      return runs;
    },
  };
}

/** The element-wise mean of equally long probability vectors. */
function mean(vectors: readonly (readonly number[])[]): number[] {
  return MOODS.map((_, k) => vectors.reduce((a, v) => a + (v[k] ?? 0), 0) / Math.max(1, vectors.length));
}
