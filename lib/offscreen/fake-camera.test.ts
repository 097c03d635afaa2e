import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedFile } from '@/test/support/shared-data';
import { splitMjpeg } from './fake-camera';

const jpeg = (...body: number[]) => [0xff, 0xd8, ...body, 0xff, 0xd9];

describe('splitMjpeg', () => {
  it('cuts a stream into its JPEG frames, SOI to EOI', () => {
    const frames = splitMjpeg(Uint8Array.from([...jpeg(1, 2, 0xff, 0x00), ...jpeg(3), 0x00]));
    expect(frames.map((frame) => [...frame])).toEqual([jpeg(1, 2, 0xff, 0x00), jpeg(3)]);
  });

  it('leaves out a frame that never ends, and finds none in bytes that are not JPEG', () => {
    expect(splitMjpeg(Uint8Array.from([...jpeg(1), 0xff, 0xd8, 7, 7]))).toHaveLength(1);
    expect(splitMjpeg(Uint8Array.from([1, 2, 3, 0xff]))).toEqual([]);
  });

  const clip = sharedFile('faces/video/happy.mjpeg');
  it.skipIf(!clip)('finds the 60 frames of the shared happy clip (2 s at 30 fps)', () => {
    const frames = splitMjpeg(new Uint8Array(readFileSync(clip as string)));
    expect(frames).toHaveLength(60);
    expect(frames.every((frame) => frame[0] === 0xff && frame[1] === 0xd8 && frame.at(-1) === 0xd9)).toBe(true);
  });
});
