/**
 * Writes `lib/mood/stacker.json`: one stacker per set of views the extension can fuse. The first
 * fuses every shipped view (the build copies exactly their models, `scripts/build/appearance-assets.ts`);
 * the others fuse each smaller set of them with the blendshape model, for when an appearance model
 * fails to load (`lib/offscreen/appearance-channel.ts`). Each is fitted on every train + dev image
 * and its mirror crop, from the MLP probabilities the outer CV folds held out (MLPs that never saw
 * the image, as the shipped MLP never saw the user).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { argmax } from '../../lib/mood/argmax.ts';
import { checkStackers, fuse, type Stacker, type StackerInput } from '../../lib/mood/stacker.ts';
import type { Sample } from './data.ts';
import { fitStackerOn, type NestedProbs, type Views } from './stack.ts';

/** Every set of `shipped`'s views that holds the blendshape model and at least one more, the full set first. */
export function stackerSets(shipped: readonly StackerInput[]): StackerInput[][] {
  const looks = shipped.filter((v) => v !== 'mlp');
  const sets = Array.from({ length: 2 ** looks.length - 1 }, (_, m) => looks.filter((_, i) => ((m + 1) >> i) & 1)).sort(
    (a, b) => b.length - a.length,
  );
  return sets.map((set) => ['mlp', ...set]);
}

/** CV figures of one set of views, as `meta.cv` keeps them. */
export type SetScores = { all: number; mux: number; tw: number };

const VIEW_NAMES: Record<StackerInput, string> = {
  mlp: 'the MLP (lib/mood/model.json)',
  cnn: 'the FER-2013 mini-Xception (@vladmandic/human models/emotion, 5 of 7 classes)',
  expr: "face-api's expression network (@vladmandic/face-api model/face_expression_model, 5 of 7 classes)",
};

export function writeStackers(opts: {
  repoRoot: string;
  samples: readonly Sample[];
  nested: NestedProbs;
  views: Views;
  shipped: readonly StackerInput[];
  /** CV figures by set (`mlp+cnn`) and by single view (`mlp`, `cnn`, `expr`). */
  scores: Readonly<Record<string, SetScores>>;
  folds: number;
  stackerCv: string;
  augmented: number;
  twShare: number;
  seed: number;
}): void {
  const { samples, nested } = opts;
  const all = samples.map((_, i) => i);
  const cv = (r: SetScores | undefined) =>
    r && { macroF1: round(r.all), macroF1Mux: round(r.mux), macroF1Tw: round(r.tw) };
  const views: Views = { ...opts.views, mlp: { probs: nested.outer, mirror: nested.outer } };
  const stackers = stackerSets(opts.shipped).map((set): Stacker => {
    const stacker = fitStackerOn(samples, all, views, set, opts.twShare, opts.seed, {
      created: new Date().toISOString().slice(0, 10),
      how:
        `multinomial logistic regression on log-probabilities of ${listed(set.map((v) => VIEW_NAMES[v]))}, ` +
        'fitted by scripts/train.ts on every train + dev image and its mirror crop; the MLP probabilities are ' +
        `the outer CV folds' held-out ones (MLPs trained with the ${opts.augmented} augmented copies of their training folds)`,
      trainedOn: `${samples.filter((s) => s.frame).length} faces (shared faces train + dev) and their mirror crops`,
      cv: {
        folds: opts.folds,
        stackerCv: opts.stackerCv,
        ...Object.fromEntries(set.map((v) => [v, cv(opts.scores[v])])),
        fused: cv(opts.scores[set.join('+')]),
      },
    });
    return {
      ...stacker,
      mean: stacker.mean.map(sig4),
      std: stacker.std.map(sig4),
      layer: { ...stacker.layer, w: stacker.layer.w.map((r) => r.map(sig4)), b: stacker.layer.b.map(sig4) },
    };
  });
  checkStackers(stackers);
  const path = join(opts.repoRoot, 'lib', 'mood', 'stacker.json');
  writeFileSync(path, `${JSON.stringify(stackers, null, 2)}\n`);
  // Committed and read in review: laid out as the repo's formatter wants it.
  execFileSync(join(opts.repoRoot, 'node_modules/.bin/biome'), ['format', '--write', path], { stdio: 'ignore' });
  for (const stacker of stackers) {
    const faces = samples.filter((s) => s.frame).length;
    const right = samples.filter((s, i) => {
      const [first, ...rest] = stacker.inputs.map((v) => views[v]?.probs[i] ?? null);
      return first && argmax(fuse(stacker, first, ...rest)) === s.y;
    }).length;
    console.log(
      `Wrote the ${stacker.inputs.join('+')} stacker to ${path}; accuracy on its own training rows ${(right / faces).toFixed(3)} (not a score).`,
    );
  }
}

const sig4 = (x: number) => Number(x.toPrecision(4));
/** `a`, `a and b`, `a, b and c`. */
const listed = (names: string[]) => names.slice(0, -1).join(', ') + (names.length > 1 ? ' and ' : '') + names.at(-1);
const round = (x: number) => Number(x.toFixed(3));
