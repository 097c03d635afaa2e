/**
 * Finds the labelled images for `npm run eval`: `DIR/<label>/*.{jpg,jpeg,png}` for the five
 * moods. Other folders and files are ignored, and a missing label folder just has no images.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { MOODS, type Mood } from '../../lib/mood/types.ts';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);

export interface LabelledImage {
  readonly label: Mood;
  /** `<label>/<file>`, always with `/`: the image's name in reports and its URL path. */
  readonly relative: string;
  readonly path: string;
}

/** A problem with the faces folder the user must fix; the CLI exits with status 2. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** The images under `dir`, by label in `MOODS` order, then by file name. Symlinks are followed. */
export function listImages(dir: string): LabelledImage[] {
  const root = resolve(dir);
  if (!isDirectory(root)) throw new DatasetError(`The faces folder ${root} does not exist or is not a folder.`);
  const images: LabelledImage[] = [];
  for (const label of MOODS) {
    const folder = join(root, label);
    if (!isDirectory(folder)) continue;
    const names = readdirSync(folder)
      .filter((name) => IMAGE_EXTENSIONS.has(extname(name).toLowerCase()) && isFile(join(folder, name)))
      .sort();
    for (const name of names) images.push({ label, relative: `${label}/${name}`, path: join(folder, name) });
  }
  if (images.length === 0) {
    throw new DatasetError(`No images in ${root}. Expected <label>/*.jpg|jpeg|png with label in ${MOODS.join(', ')}.`);
  }
  return images;
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}
