import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFeatures } from '../../lib/mood/features.ts';
import { type FaceFrame, MOODS, type Mood } from '../../lib/mood/types.ts';
import type { VariantFace } from '../eval/protocol.ts';

export type Source = 'mux' | 'tw';

/** One labelled image from the shared face sets. */
export interface Sample {
  /** `train/happy/0001.jpg` */
  readonly key: string;
  readonly label: Mood;
  readonly y: number;
  readonly source: Source;
  /** Person key for group-disjoint folds: source + normalised subject id. */
  readonly person: string;
  /** `null` when MediaPipe found no face, even with padding; such images always count as wrong. */
  readonly frame: FaceFrame | null;
  /** `extractFeatures(frame)`, or `null` without a face. */
  readonly features: number[] | null;
  /** A transformed copy made by `augment.ts`: trained on, never scored. */
  readonly augmented?: boolean;
}

interface RawFace {
  label: string;
  source: string;
  subject_id: string;
  width: number;
  height: number;
  blendshapes: Record<string, number> | null;
  landmarks: [number, number, number][] | null;
}

/** `$MOODDJ_SHARED`, else `../shared` next to the repo root. */
export function sharedDir(repoRoot: string): string {
  return process.env.MOODDJ_SHARED ?? join(repoRoot, '..', 'shared');
}

/** Loads `faces/<set>/features.json`; exits with a clear message when the data is not there. */
export function loadSet(shared: string, set: 'train' | 'dev'): Sample[] {
  const path = join(shared, 'faces', set, 'features.json');
  if (!existsSync(path)) {
    console.error(
      `Face features not found at ${path}.\nSet MOODDJ_SHARED to the shared data folder (the one holding faces/train and faces/dev).`,
    );
    process.exit(1);
  }
  const json = JSON.parse(readFileSync(path, 'utf8')) as { files: Record<string, RawFace> };
  return Object.entries(json.files).map(([file, f]) => toSample(`${set}/${file}`, f));
}

function toSample(key: string, f: RawFace): Sample {
  const y = MOODS.indexOf(f.label as Mood);
  if (y < 0) throw new Error(`${key}: unknown label ${f.label}`);
  if (f.source !== 'mux' && f.source !== 'tw') throw new Error(`${key}: unknown source ${f.source}`);
  const frame: FaceFrame | null = f.blendshapes
    ? {
        blendshapes: f.blendshapes,
        ...(f.landmarks ? { landmarks: f.landmarks.map(([x, yy, z]) => ({ x, y: yy, z })) } : {}),
        aspect: f.width / f.height,
      }
    : null;
  return {
    key,
    label: f.label as Mood,
    y,
    source: f.source,
    // Same rule the data set used to match identities: lower case, punctuation removed.
    person: `${f.source}:${f.subject_id.toLowerCase().replace(/[^a-z0-9]/g, '')}`,
    frame,
    features: frame ? extractFeatures(frame) : null,
  };
}

/** The augmented copies of `samples` (same person and label), from `augment.ts`'s cache. */
export function augmentedSamples(
  samples: readonly Sample[],
  files: Readonly<Record<string, readonly VariantFace[]>>,
): Sample[] {
  return samples.flatMap((s) =>
    (files[s.key] ?? []).flatMap((v, i): Sample[] => {
      if (!v.blendshapes) return [];
      const frame: FaceFrame = {
        blendshapes: v.blendshapes,
        ...(v.landmarks ? { landmarks: v.landmarks.map(([x, y, z]) => ({ x, y, z })) } : {}),
        aspect: v.width / v.height,
      };
      return [{ ...s, key: `${s.key}#${i}`, frame, features: extractFeatures(frame), augmented: true }];
    }),
  );
}
