/**
 * Writes `test/support/mood/dev-faces.json`: a few recorded MediaPipe outputs (blendshapes and
 * landmarks, no images, no names) from the shared dev set, for unit tests.
 *
 *   npx tsx scripts/train/dump-fixtures.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MOODS } from '../../lib/mood/types.ts';
import { loadSet, sharedDir } from './data.ts';

/** Per mood: two posed (tw) faces and one in-the-wild (mux) face. */
const PER_SOURCE = { tw: 2, mux: 1 } as const;

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dev = loadSet(sharedDir(repoRoot), 'dev').sort((a, b) => a.key.localeCompare(b.key));
const r = (x: number, dp: number) => Number(x.toFixed(dp));
const faces = MOODS.flatMap((mood) =>
  (['tw', 'mux'] as const).flatMap((source) =>
    dev
      .filter((s) => s.label === mood && s.source === source && s.frame?.landmarks)
      .slice(0, PER_SOURCE[source])
      .map((s) => {
        const frame = s.frame as NonNullable<typeof s.frame>;
        return {
          key: s.key,
          label: s.label,
          source: s.source,
          aspect: frame.aspect ?? 1,
          blendshapes: Object.fromEntries(Object.entries(frame.blendshapes).map(([k, v]) => [k, r(v, 5)])),
          landmarks: (frame.landmarks ?? []).map((p) => [r(p.x, 4), r(p.y, 4), r(p.z, 4)]),
        };
      }),
  ),
);
const out = join(repoRoot, 'test', 'support', 'mood', 'dev-faces.json');
const text = `${JSON.stringify({
  note: 'MediaPipe FaceLandmarker 1.1.0 (IMAGE mode) outputs for a few shared dev faces; landmarks rounded to 4 dp. Written by scripts/train/dump-fixtures.ts.',
  faces,
})}\n`;
writeFileSync(out, text);
console.log(`Wrote ${faces.length} faces to ${out} (${(text.length / 1024).toFixed(0)} KB).`);
