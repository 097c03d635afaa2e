import { describe, expect, it } from 'vitest';
import {
  type Box,
  boxAt,
  cursorFor,
  dragBox,
  fromPx,
  hitHandle,
  MIN_BOX_SIZE,
  type PlotArea,
  placeCaptions,
  toPx,
} from './geometry';

const PLOT: PlotArea = { left: 0, top: 0, width: 500, height: 400 };
const box = (v0: number, v1: number, e0: number, e1: number): Box => ({
  valence: { min: v0, max: v1 },
  energy: { min: e0, max: e1 },
});
/** valence 0.4–0.6 → x 200–300; energy 0.5–0.75 → y 200–100. */
const MID = box(0.4, 0.6, 0.5, 0.75);

describe('map coordinates', () => {
  it('put valence left to right and energy bottom to top, and clamp on the way back', () => {
    expect(toPx(PLOT, 0, 0)).toEqual({ x: 0, y: 400 });
    expect(toPx(PLOT, 1, 1)).toEqual({ x: 500, y: 0 });
    expect(fromPx(PLOT, 250, 100)).toEqual({ valence: 0.5, energy: 0.75 });
    expect(fromPx(PLOT, -40, 900)).toEqual({ valence: 0, energy: 0 });
    expect(fromPx({ left: 40, top: 10, width: 100, height: 100 }, 90, 60)).toEqual({ valence: 0.5, energy: 0.5 });
  });
});

describe('hitHandle', () => {
  it('finds the body, each edge and each corner, with a few pixels of slack', () => {
    expect(hitHandle(PLOT, MID, 250, 150)).toBe('move');
    expect(hitHandle(PLOT, MID, 250, 100)).toBe('n');
    expect(hitHandle(PLOT, MID, 250, 204)).toBe('s');
    expect(hitHandle(PLOT, MID, 197, 150)).toBe('w');
    expect(hitHandle(PLOT, MID, 303, 150)).toBe('e');
    expect(hitHandle(PLOT, MID, 200, 100)).toBe('nw');
    expect(hitHandle(PLOT, MID, 300, 100)).toBe('ne');
    expect(hitHandle(PLOT, MID, 196, 205)).toBe('sw');
    expect(hitHandle(PLOT, MID, 304, 204)).toBe('se');
  });

  it('misses outside the slack', () => {
    expect(hitHandle(PLOT, MID, 250, 90)).toBeNull();
    expect(hitHandle(PLOT, MID, 310, 150)).toBeNull();
    expect(hitHandle(PLOT, MID, 0, 0)).toBeNull();
  });

  it('keeps a body to grab in a tiny box', () => {
    const tiny = box(0.5, 0.52, 0.5, 0.52); // 10 × 8 px
    expect(hitHandle(PLOT, tiny, 255, 196)).toBe('move');
    expect(hitHandle(PLOT, tiny, 250, 196)).toBe('w');
  });
});

describe('boxAt', () => {
  const big = { name: 'big', box: box(0, 1, 0, 1) };
  const small = { name: 'small', box: MID };
  it('prefers the selected box, else the smallest under the pointer', () => {
    expect(boxAt(PLOT, [big, small], 250, 150)).toBe('small');
    expect(boxAt(PLOT, [big, small], 250, 150, 'big')).toBe('big');
    expect(boxAt(PLOT, [big, small], 20, 20, 'small')).toBe('big');
    expect(boxAt(PLOT, [small], 20, 20)).toBeNull();
  });
});

describe('dragBox', () => {
  it('moves the whole box on the slider step, keeping its size', () => {
    expect(dragBox(MID, 'move', 0.123, -0.2)).toEqual(box(0.52, 0.72, 0.3, 0.55));
  });

  it('stops a moved box at the edges of the map', () => {
    expect(dragBox(MID, 'move', 0.9, 0.9)).toEqual(box(0.8, 1, 0.75, 1));
    expect(dragBox(MID, 'move', -2, -2)).toEqual(box(0, 0.2, 0, 0.25));
  });

  it('resizes one edge, or two at a corner, clamped to 0–1', () => {
    expect(dragBox(MID, 'e', 0.1, 0.3)).toEqual(box(0.4, 0.7, 0.5, 0.75));
    expect(dragBox(MID, 'w', -0.7, 0)).toEqual(box(0, 0.6, 0.5, 0.75));
    expect(dragBox(MID, 'n', 0, 0.5)).toEqual(box(0.4, 0.6, 0.5, 1));
    expect(dragBox(MID, 's', 0.5, -0.111)).toEqual(box(0.4, 0.6, 0.39, 0.75));
    expect(dragBox(MID, 'ne', 0.05, 0.05)).toEqual(box(0.4, 0.65, 0.5, 0.8));
    expect(dragBox(MID, 'sw', -0.05, -0.05)).toEqual(box(0.35, 0.6, 0.45, 0.75));
  });

  it('never lets an edge cross the other or come closer than the minimum size', () => {
    const narrowed = dragBox(MID, 'e', -0.5, 0);
    expect(narrowed.valence).toEqual({ min: 0.4, max: 0.4 + MIN_BOX_SIZE });
    const lowered = dragBox(MID, 'n', 0, -1);
    expect(lowered.energy).toEqual({ min: 0.5, max: 0.55 });
    // A box already narrower (set with a slider) keeps its size rather than jumping open.
    const thin = box(0.5, 0.51, 0.2, 0.9);
    expect(dragBox(thin, 'w', 0.3, 0).valence).toEqual({ min: 0.5, max: 0.51 });
  });

  it('lands on values the sliders can show (no float noise)', () => {
    const moved = dragBox(box(0.1, 0.2, 0.1, 0.2), 'move', 0.2000001, 0.1);
    expect(moved).toEqual(box(0.3, 0.4, 0.2, 0.3));
    for (const v of [moved.valence.min, moved.valence.max]) expect(String(v).length).toBeLessThanOrEqual(4);
  });
});

describe('cursorFor', () => {
  it('says what a drag will do', () => {
    expect(cursorFor('move')).toBe('move');
    expect(cursorFor('n')).toBe('ns-resize');
    expect(cursorFor('w')).toBe('ew-resize');
    expect(cursorFor('ne')).toBe('nesw-resize');
    expect(cursorFor('se')).toBe('nwse-resize');
    expect(cursorFor(null)).toBe('default');
  });
});

describe('placeCaptions', () => {
  it('keeps captions at their corners unless one would print over an earlier one, then moves it down', () => {
    const at = (x: number, y: number) => ({ x, y, width: 60, height: 15 });
    expect(placeCaptions([at(0, 0), at(100, 0)])).toEqual([
      { x: 0, y: 0 },
      { x: 100, y: 0 },
    ]);
    expect(placeCaptions([at(100, 0), at(130, 0), at(140, 5)])).toEqual([
      { x: 100, y: 0 },
      { x: 130, y: 15 },
      { x: 140, y: 35 },
    ]);
  });

  it('gives up after a few lines rather than leaving the box', () => {
    const same = Array.from({ length: 8 }, () => ({ x: 0, y: 0, width: 50, height: 10 }));
    expect(Math.max(...placeCaptions(same, 3).map((p) => p.y))).toBe(30);
  });
});
