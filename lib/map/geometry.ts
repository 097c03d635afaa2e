import type { MoodProfile, Range } from '@/lib/recommend/profiles';

/**
 * The map's geometry: valence runs left to right (x), energy bottom to top (y), both 0–1. A mood's
 * box is its valence × energy ranges; these functions turn pointer positions into box edits, in the
 * same steps and bounds the sliders have (`components/MoodRanges.svelte`: 0–1, step 0.01).
 */

/** The plot area in CSS pixels, relative to the element pointer events are read on. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The valence × energy part of a profile. */
export type Box = Pick<MoodProfile, 'valence' | 'energy'>;

/** Where a box is held: its body (move), an edge or a corner (resize). */
export type Handle = 'move' | 'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw';

/** The sliders' step: a box edge always lands on a value a slider can show. */
export const MAP_STEP = 0.01;
/** The narrowest a box may get by dragging (a slider can still make it narrower). */
export const MIN_BOX_SIZE = 0.05;
/** How close (CSS px) the pointer must be to an edge to resize rather than move. */
export const HANDLE_TOLERANCE_PX = 6;

const clamp = (v: number, low: number, high: number) => Math.min(high, Math.max(low, v));
/** Rounds to the slider step and drops float noise (0.30000000000000004). */
export const snap = (v: number) => Number((Math.round(v / MAP_STEP) * MAP_STEP).toFixed(2));

export function toPx(plot: PlotArea, valence: number, energy: number): { x: number; y: number } {
  return { x: plot.left + valence * plot.width, y: plot.top + (1 - energy) * plot.height };
}

/** The map values under a pixel, clamped to the plot. */
export function fromPx(plot: PlotArea, x: number, y: number): { valence: number; energy: number } {
  return {
    valence: clamp((x - plot.left) / plot.width, 0, 1),
    energy: clamp(1 - (y - plot.top) / plot.height, 0, 1),
  };
}

/** The box's rectangle in CSS pixels. */
export function boxRect(plot: PlotArea, box: Box): { x0: number; y0: number; x1: number; y1: number } {
  const a = toPx(plot, box.valence.min, box.energy.max);
  const b = toPx(plot, box.valence.max, box.energy.min);
  return { x0: a.x, y0: a.y, x1: b.x, y1: b.y };
}

/**
 * Which part of the box a pointer at (x, y) holds, or null when it is outside (with `tolerance` px of
 * slack around the edges). Corners win over edges, edges over the body.
 */
export function hitHandle(
  plot: PlotArea,
  box: Box,
  x: number,
  y: number,
  tolerance = HANDLE_TOLERANCE_PX,
): Handle | null {
  const r = boxRect(plot, box);
  if (x < r.x0 - tolerance || x > r.x1 + tolerance || y < r.y0 - tolerance || y > r.y1 + tolerance) return null;
  // A tiny box keeps a body to grab: the edge zones never cover more than a third of it.
  const tx = Math.min(tolerance, (r.x1 - r.x0) / 3);
  const ty = Math.min(tolerance, (r.y1 - r.y0) / 3);
  const north = Math.abs(y - r.y0) <= ty || y < r.y0;
  const south = Math.abs(y - r.y1) <= ty || y > r.y1;
  const west = Math.abs(x - r.x0) <= tx || x < r.x0;
  const east = Math.abs(x - r.x1) <= tx || x > r.x1;
  const vertical = north ? 'n' : south ? 's' : '';
  const horizontal = west ? 'w' : east ? 'e' : '';
  return ((vertical + horizontal) as Handle | '') || 'move';
}

export interface NamedBox<N extends string = string> {
  name: N;
  box: Box;
}

/**
 * The box a click at (x, y) selects: `prefer` (the selected one) if it is under the pointer, else the
 * smallest box under it (a small box drawn over a large one stays reachable), else null.
 */
export function boxAt<N extends string>(
  plot: PlotArea,
  boxes: readonly NamedBox<N>[],
  x: number,
  y: number,
  prefer: N | null = null,
): N | null {
  const { valence, energy } = fromPx(plot, x, y);
  const under = boxes.filter(
    ({ box }) =>
      valence >= box.valence.min && valence <= box.valence.max && energy >= box.energy.min && energy <= box.energy.max,
  );
  if (prefer !== null && under.some((b) => b.name === prefer)) return prefer;
  const area = (b: Box) => (b.valence.max - b.valence.min) * (b.energy.max - b.energy.min);
  under.sort((a, b) => area(a.box) - area(b.box));
  return under[0]?.name ?? null;
}

function moveRange(range: Range, delta: number): Range {
  const size = range.max - range.min;
  const min = clamp(range.min + delta, 0, 1 - size);
  return { min: snap(min), max: snap(min + size) };
}

/** Moves one end of a range; it stops `MIN_BOX_SIZE` short of the other end (or where it already was, if closer). */
function resizeRange(range: Range, end: 'min' | 'max', delta: number): Range {
  const gap = Math.min(MIN_BOX_SIZE, range.max - range.min);
  return end === 'min'
    ? { min: snap(clamp(range.min + delta, 0, range.max - gap)), max: range.max }
    : { min: range.min, max: snap(clamp(range.max + delta, range.min + gap, 1)) };
}

/**
 * The box after dragging `handle` by (dValence, dEnergy) from where the drag began: moved whole or
 * resized, within 0–1, on the slider step, never narrower than `MIN_BOX_SIZE` (unless it began so).
 */
export function dragBox(start: Box, handle: Handle, dValence: number, dEnergy: number): Box {
  if (handle === 'move')
    return { valence: moveRange(start.valence, dValence), energy: moveRange(start.energy, dEnergy) };
  let { valence, energy } = start;
  if (handle.includes('w')) valence = resizeRange(valence, 'min', dValence);
  if (handle.includes('e')) valence = resizeRange(valence, 'max', dValence);
  if (handle.includes('s')) energy = resizeRange(energy, 'min', dEnergy);
  if (handle.includes('n')) energy = resizeRange(energy, 'max', dEnergy);
  return { valence, energy };
}

/** The CSS cursor that shows what dragging a handle does. */
export function cursorFor(handle: Handle | null): string {
  if (handle === null) return 'default';
  if (handle === 'move') return 'move';
  if (handle === 'n' || handle === 's') return 'ns-resize';
  if (handle === 'e' || handle === 'w') return 'ew-resize';
  return handle === 'ne' || handle === 'sw' ? 'nesw-resize' : 'nwse-resize';
}

/** A caption to place: the top-left corner of its box and the caption's size, all in the same pixels. */
export interface Caption {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where each box's caption goes: at its box's top-left corner, or moved down a line at a time (at most
 * `tries` lines) until it no longer overlaps a caption placed before it. Boxes often share a top edge
 * (happy, surprised and energetic all reach energy 1), so their names would otherwise print over each
 * other. Earlier captions win: pass the selected box first.
 */
export function placeCaptions(captions: readonly Caption[], tries = 4): { x: number; y: number }[] {
  const placed: Caption[] = [];
  return captions.map((c) => {
    let y = c.y;
    for (let i = 0; i < tries; i++) {
      const clash = placed.some(
        (p) => c.x < p.x + p.width && p.x < c.x + c.width && y < p.y + p.height && p.y < y + c.height,
      );
      if (!clash) break;
      y += c.height;
    }
    placed.push({ ...c, y });
    return { x: c.x, y };
  });
}
