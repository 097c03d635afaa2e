import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { longerHalvesClip, mjpegFrames, reactionsFromLog } from './mood-panel';

/** A fake JPEG: SOI, a marker, a body (bytes that hold FF only as FF 00, as entropy-coded data does), EOI. */
const jpeg = (body: number) => Buffer.from([0xff, 0xd8, 0xff, 0xe0, body, 0xff, 0x00, body, 0xff, 0xd9]);

describe('the mood bench clips and reaction times', () => {
  it('splits an MJPEG clip into its frames', () => {
    const frames = [jpeg(1), jpeg(2), jpeg(3)];
    expect(mjpegFrames(Buffer.concat(frames))).toEqual(frames);
  });

  it('stretches each half of a two-halves clip to the asked length', () => {
    const source = join(tmpdir(), `mooddj-halves-test-${process.pid}.mjpeg`);
    writeFileSync(source, Buffer.concat([jpeg(1), jpeg(2), jpeg(3), jpeg(4)]));
    const out = longerHalvesClip(source, 1, 3);
    try {
      const frames = mjpegFrames(readFileSync(out)).map((f) => f[4]);
      expect(frames).toEqual([1, 2, 1, 3, 4, 3]);
    } finally {
      rmSync(out, { force: true });
      rmSync(source, { force: true });
    }
  });

  it('times each change from the moment the clip changed before it', () => {
    // The clip turns happy at 3000 and 9000 ms after its start (1000 here), neutral at 6000.
    const log: [number, string][] = [
      [900, ''],
      [1700, 'neutral'],
      [4600, 'happy'],
      [7800, 'neutral'],
      [10_500, 'happy'],
    ];
    expect(reactionsFromLog(log, 1000, 3000, 'neutral', 'happy')).toEqual([600, 500]);
    expect(reactionsFromLog(log, 1000 + 3000, 3000, 'happy', 'neutral')).toEqual([800]);
  });
});
