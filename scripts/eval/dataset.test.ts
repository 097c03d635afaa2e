import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError, listImages } from './dataset.ts';

let dir: string;

function touch(relative: string): void {
  const path = join(dir, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mooddj-eval-dataset-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('listImages', () => {
  it('lists jpg, jpeg and png files in the label folders, in mood order then by name', () => {
    touch('sad/b.png');
    touch('sad/a.JPG');
    touch('happy/x.jpeg');
    touch('happy/notes.txt');
    touch('calm/c.jpg');
    touch('surprised/deeper/d.jpg');
    expect(listImages(dir).map((i) => [i.label, i.relative])).toEqual([
      ['happy', 'happy/x.jpeg'],
      ['sad', 'sad/a.JPG'],
      ['sad', 'sad/b.png'],
    ]);
  });

  it('follows symlinked images', () => {
    touch('elsewhere/f.jpg');
    mkdirSync(join(dir, 'angry'));
    symlinkSync(join(dir, 'elsewhere/f.jpg'), join(dir, 'angry/f.jpg'));
    expect(listImages(dir)).toEqual([{ label: 'angry', relative: 'angry/f.jpg', path: join(dir, 'angry/f.jpg') }]);
  });

  it('says so when the folder is missing', () => {
    expect(() => listImages(join(dir, 'nope'))).toThrow(DatasetError);
    expect(() => listImages(join(dir, 'nope'))).toThrow(/does not exist/);
  });

  it('says so when no label folder holds an image', () => {
    touch('happy/readme.md');
    touch('other/a.jpg');
    expect(() => listImages(dir)).toThrow(/No images in/);
  });
});
