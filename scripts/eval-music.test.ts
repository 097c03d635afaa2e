import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { shippedMusicModel } from '@/lib/recommend/music-model';
import { sharedFile } from '@/test/support/shared-data';
import { precisionAt20 } from './eval/music-precision';
import { readLabelledTracks, TracksFileError } from './eval/music-tracks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const playlists = sharedFile('data/music-moods/playlist-moods.csv');
const MOODS = ['happy', 'sad', 'angry', 'neutral', 'surprised'];

/** `npm run eval:music -- ARGS` as a person runs it: its stdout, stderr and exit code. */
async function evalMusic(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/eval-music.ts'), ...args],
      { cwd: root, timeout: 60_000 },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

const dir = mkdtempSync(join(tmpdir(), 'mooddj-eval-music-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!playlists)('npm run eval:music on playlist-moods.csv', () => {
  // One run of the real command (starting it takes about 2 s); the other checks call its parts in this process.
  it('ends with the JSON line, and the shipped ranking is no worse than the ranges alone', {
    timeout: 60_000,
  }, async () => {
    const { stdout, stderr, code } = await evalMusic('--tracks', playlists ?? '', '--json');
    expect(code, stderr).toBe(0);
    const report = JSON.parse(lastLine(stdout));
    expect(Object.keys(report)).toEqual(['match', 'boxes_only']);
    for (const side of [report.match, report.boxes_only]) {
      expect(Object.keys(side)).toEqual(['precision_at_20', 'macro']);
      // The five face moods first; then the activities a label fits, outside the macro. Focus has none.
      expect(Object.keys(side.precision_at_20)).toEqual([...MOODS, 'workout', 'winddown']);
      for (const p of Object.values<number>(side.precision_at_20)) expect(p).toBeGreaterThanOrEqual(0);
      for (const p of Object.values<number>(side.precision_at_20)) expect(p).toBeLessThanOrEqual(1);
      const mean = MOODS.reduce((sum, m) => sum + side.precision_at_20[m], 0) / MOODS.length;
      expect(side.macro).toBeCloseTo(mean, 2);
    }
    expect(report.match.macro).toBeGreaterThanOrEqual(report.boxes_only.macro);
    // The table for people goes to stderr under --json.
    expect(stderr).toMatch(/boxes only\s+match/);
  });

  it('reads the quadrants as well as the playlist words, in any case', async () => {
    // The playlist file relabelled in quadrant words: energetic → ANGRY, calm → Relaxed.
    const words: Record<string, string> = { happy: 'Happy', sad: 'SAD', energetic: 'ANGRY', calm: 'Relaxed' };
    const text = readFileSync(playlists ?? '', 'utf8').replace(
      /,(happy|sad|energetic|calm)(\r?\n|$)/g,
      (_all, label: string, end: string) => `,${words[label]}${end}`,
    );
    const path = join(dir, 'quadrants.csv');
    writeFileSync(path, text);
    const q = await precisionAt20(readLabelledTracks(path).tracks, shippedMusicModel());
    const w = await precisionAt20(readLabelledTracks(playlists ?? '').tracks, shippedMusicModel());
    // Happy, sad, angry and neutral mean the same in both; surprised counts Energetic only with playlist words.
    for (const mood of ['happy', 'sad', 'angry', 'neutral'] as const) {
      expect(q.precision_at_20[mood]).toBe(w.precision_at_20[mood]);
    }
    expect(q.precision_at_20.surprised).toBeLessThanOrEqual(w.precision_at_20.surprised);
  });
});

describe('readLabelledTracks', () => {
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('says what is wrong with a file', () => {
    expect(() => readLabelledTracks(file('odd.csv', 'valence,energy,tempo,label\n0.5,0.5,120,joyful\n'))).toThrow(
      /row 2: label "joyful" is none of happy, angry, sad, relaxed, energetic, calm/,
    );
    expect(() => readLabelledTracks(file('no-label.csv', 'valence,energy,tempo\n0.5,0.5,120\n'))).toThrow(
      TracksFileError,
    );
    expect(() => readLabelledTracks(join(dir, 'missing.csv'))).toThrow(/Cannot read/);
  });

  it('keeps unknown features as null, and leaves out rows it cannot place', () => {
    const { tracks, skipped } = readLabelledTracks(
      file(
        'gaps.csv',
        'track_id,artists,valence,energy,tempo,acousticness,loudness,label\n' +
          'a,X;Y,0.2,0.3,90,,-9,Sad\n' +
          'a,Z,0.8,0.8,0,0.1,,happy\n' +
          'b,Z,,0.8,120,0.1,-5,calm\n',
      ),
    );
    expect(skipped).toBe(1);
    expect(tracks.map((t) => [t.track.id, t.label, t.track.artists])).toEqual([
      ['a', 'sad', ['X', 'Y']],
      ['a#3', 'happy', ['Z']],
    ]);
    expect(tracks[0]?.features).toMatchObject({ acousticness: null, loudness: -9, danceability: null, tempo: 90 });
  });
});

describe('README', () => {
  it('shows the precision the training measured (music-model.json’s meta), in its table', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const { meta } = JSON.parse(readFileSync(join(root, 'lib/recommend/music-model.json'), 'utf8'));
    const p = meta.precisionAt20;
    const columns = [p.boxesOnly, p.heldOut, p.fullFile, p.split.boxesOnly, p.split.heldOut];
    const rows: [string, string][] = [
      ['happy → Happy', 'happy'],
      ['sad → Sad', 'sad'],
      ['angry → Energetic', 'angry'],
      ['neutral → Calm', 'neutral'],
      ['surprised → Happy or Energetic', 'surprised'],
      ['**macro**', 'macro'],
      // The activities a playlist fits, in their own table.
      ['workout → Energetic', 'workout'],
      ['wind down → Calm', 'winddown'],
    ];
    for (const [label, key] of rows) {
      const cells = columns.map((c) => (key === 'macro' ? `**${c[key].toFixed(2)}**` : c[key].toFixed(2)));
      expect(readme).toContain(`| ${label} | ${cells.join(' | ')} |`);
    }
    expect(readme).toContain(`the model still reaches ${p.genresOnly.macro.toFixed(2)}`);
  });
});
