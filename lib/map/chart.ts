import uPlot from 'uplot';
import { formatNumber } from '@/lib/i18n';
import type { MoodProfile, ProfileName, Range } from '@/lib/recommend/profiles';
import { boxRect, type PlotArea, placeCaptions } from './geometry';
import { type LibraryMapData, PointStyle, pointStyles } from './points';

/** Colours for the two lift-only targets, which have no detected mood (and so no token) of their own. */
export const EXTRA_PROFILE_HEX = { calm: '#4fd1c5', energetic: '#ff7ac6' } as const;

/** What the map shows; the component mutates it and calls `redraw`, the draw hooks read it. */
export interface MapScene {
  data: LibraryMapData;
  /** Bumped whenever `data` is replaced, so the cached dots are rebuilt. */
  version: number;
  boxes: { name: ProfileName; profile: MoodProfile }[];
  selected: ProfileName | null;
  colours: Record<ProfileName, string>;
  /** Each box's caption (the mood's name, from i18n). */
  captions: Record<ProfileName, string>;
  /** The track under the pointer or keyboard focus (a highlighted ring). */
  focus: number | null;
}

/** Chart chrome on the dark surface, as the history charts have it. */
const INK = {
  axis: '#b3b3b3',
  grid: 'rgba(255, 255, 255, 0.06)',
  tick: 'rgba(255, 255, 255, 0.16)',
  font: '12px system-ui, sans-serif',
  label: 'bold 12px system-ui, sans-serif',
  dot: 'rgba(255, 255, 255, 0.62)',
  dim: 'rgba(255, 255, 255, 0.14)',
  recent: '#1ed760',
  focus: '#ffffff',
  halo: 'rgba(18, 18, 18, 0.85)',
} as const;

/** The plot area in CSS pixels relative to `u.over` (where pointer events are read). */
export function plotArea(u: uPlot): PlotArea {
  return { left: 0, top: 0, width: u.over.clientWidth, height: u.over.clientHeight };
}

/** The plot area in canvas pixels, where the draw hooks paint. */
function canvasArea(u: uPlot): PlotArea {
  return { left: u.bbox.left, top: u.bbox.top, width: u.bbox.width, height: u.bbox.height };
}

/**
 * Paints the dots once into canvases of the plot's size and keeps them until the data, the selected
 * mood's tempo range or colour, or the size changes: a drag frame (only a box moved) copies two bitmaps
 * instead of filling 10,000 circles again. One path per style, so a paint is a handful of fills.
 */
/** Dots on the very edge (valence or energy 0 or 1) overhang the plot; the layer has this margin (CSS px). */
const LAYER_PAD = 6;

interface DotLayers {
  /** Every dot: white, dimmed out of tempo, green rings for recent plays. */
  base: HTMLCanvasElement;
  /** The in-tempo dots again in the selected mood's colour, shown through the selected box: its matches light up. */
  match: HTMLCanvasElement;
}

function sizeLayer(layer: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  layer.width = Math.max(1, Math.round(width));
  layer.height = Math.max(1, Math.round(height));
  return layer.getContext('2d');
}

function dotLayers() {
  let key = '';
  const layers: DotLayers = { base: document.createElement('canvas'), match: document.createElement('canvas') };
  return (scene: MapScene, width: number, height: number, tempo: Range | null, colour: string): DotLayers => {
    const n = scene.data.ids.length;
    const r = uPlot.pxRatio;
    const radius = (n > 5000 ? 1.6 : n > 1000 ? 2.2 : 3) * r;
    const next = `${scene.version}|${width}x${height}|${tempo?.min}-${tempo?.max}|${colour}|${r}`;
    if (next === key) return layers;
    key = next;
    const pad = LAYER_PAD * r;
    const base = sizeLayer(layers.base, width + 2 * pad, height + 2 * pad);
    const match = sizeLayer(layers.match, width + 2 * pad, height + 2 * pad);
    if (!base || !match) return layers;
    const styles = pointStyles(scene.data, tempo);
    const paths = [new Path2D(), new Path2D(), new Path2D(), new Path2D()];
    const { valence, energy } = scene.data;
    const tau = Math.PI * 2;
    for (let i = 0; i < styles.length; i++) {
      const x = pad + (valence[i] ?? 0) * width;
      const y = pad + (1 - (energy[i] ?? 0)) * height;
      const path = paths[styles[i] ?? 0] as Path2D;
      path.moveTo(x + radius, y);
      path.arc(x, y, radius, 0, tau);
    }
    base.fillStyle = INK.dim;
    base.fill(paths[PointStyle.Dimmed] as Path2D);
    base.fill(paths[PointStyle.RecentDimmed] as Path2D);
    base.fillStyle = INK.dot;
    base.fill(paths[PointStyle.Plain] as Path2D);
    base.fill(paths[PointStyle.Recent] as Path2D);
    match.fillStyle = colour;
    match.fill(paths[PointStyle.Plain] as Path2D);
    match.fill(paths[PointStyle.Recent] as Path2D);
    // Played or queued in the last day: a green ring, dimmed with the rest when out of tempo.
    for (const ctx of [base, match]) {
      ctx.lineWidth = 1.5 * r;
      ctx.strokeStyle = INK.recent;
      ctx.stroke(paths[PointStyle.Recent] as Path2D);
    }
    base.globalAlpha = 0.35;
    base.stroke(paths[PointStyle.RecentDimmed] as Path2D);
    base.globalAlpha = 1;
    return layers;
  };
}

function drawDots(u: uPlot, scene: MapScene, dots: ReturnType<typeof dotLayers>): void {
  const area = canvasArea(u);
  const selected = scene.selected ? scene.boxes.find((b) => b.name === scene.selected) : undefined;
  const colour = selected ? scene.colours[selected.name] : INK.dot;
  const layers = dots(scene, area.width, area.height, selected?.profile.tempo ?? null, colour);
  const pad = LAYER_PAD * uPlot.pxRatio;
  u.ctx.drawImage(layers.base, area.left - pad, area.top - pad);
  if (!selected) return;
  const { x0, y0, x1, y1 } = boxRect(area, selected.profile);
  u.ctx.save();
  u.ctx.beginPath();
  u.ctx.rect(x0, y0, x1 - x0, y1 - y0);
  u.ctx.clip();
  u.ctx.drawImage(layers.match, area.left - pad, area.top - pad);
  u.ctx.restore();
}

function drawBoxes(u: uPlot, scene: MapScene): void {
  const ctx = u.ctx;
  const area = canvasArea(u);
  const r = uPlot.pxRatio;
  ctx.save();
  // The selected box last, on top.
  const order = [...scene.boxes].sort((a, b) => Number(a.name === scene.selected) - Number(b.name === scene.selected));
  for (const { name, profile } of order) {
    const colour = scene.colours[name];
    const chosen = name === scene.selected;
    const { x0, y0, x1, y1 } = boxRect(area, profile);
    ctx.globalAlpha = chosen ? 0.16 : scene.selected ? 0.03 : 0.07;
    ctx.fillStyle = colour;
    ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
    ctx.globalAlpha = chosen ? 1 : scene.selected ? 0.35 : 0.7;
    ctx.strokeStyle = colour;
    ctx.lineWidth = (chosen ? 2 : 1) * r;
    ctx.setLineDash(chosen ? [] : [4 * r, 3 * r]);
    ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
    ctx.setLineDash([]);
    if (chosen) {
      // Corner grips: where to take hold to resize.
      const g = 4 * r;
      ctx.fillStyle = colour;
      for (const [x, y] of [
        [x0, y0],
        [x1, y0],
        [x0, y1],
        [x1, y1],
      ] as const)
        ctx.fillRect(x - g, y - g, 2 * g, 2 * g);
    }
  }
  // Captions after all boxes, the selected one placed first so it keeps its corner.
  ctx.font = INK.label.replace('12px', `${12 * r}px`);
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  const captions = order.reverse().map(({ name, profile }) => {
    const { x0, y0 } = boxRect(area, profile);
    const text = scene.captions[name];
    return { name, text, x: x0 + 6 * r, y: y0 + 5 * r, width: ctx.measureText(text).width + 8 * r, height: 15 * r };
  });
  placeCaptions(captions).forEach(({ x, y }, i) => {
    const caption = captions[i];
    if (!caption) return;
    ctx.globalAlpha = caption.name === scene.selected ? 1 : 0.75;
    // A dark halo keeps the name legible over a crowd of dots.
    ctx.strokeStyle = INK.halo;
    ctx.lineWidth = 3 * r;
    ctx.lineJoin = 'round';
    ctx.strokeText(caption.text, x, y);
    ctx.fillStyle = scene.colours[caption.name];
    ctx.fillText(caption.text, x, y);
  });
  ctx.restore();
}

function drawFocus(u: uPlot, scene: MapScene): void {
  const i = scene.focus;
  if (i === null || i >= scene.data.ids.length) return;
  const area = canvasArea(u);
  const x = area.left + (scene.data.valence[i] ?? 0) * area.width;
  const y = area.top + (1 - (scene.data.energy[i] ?? 0)) * area.height;
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = INK.focus;
  ctx.lineWidth = 2 * uPlot.pxRatio;
  ctx.beginPath();
  ctx.arc(x, y, 6 * uPlot.pxRatio, 0, Math.PI * 2);
  ctx.stroke();
  ctx.restore();
}

const axis = (label: string): uPlot.Axis => ({
  label,
  stroke: INK.axis,
  font: INK.font,
  labelFont: INK.label,
  labelSize: 20,
  size: 36,
  grid: { stroke: INK.grid, width: 1 },
  ticks: { stroke: INK.tick, width: 1 },
  splits: () => [0, 0.25, 0.5, 0.75, 1],
  values: (_u, splits) => splits.map((v) => formatNumber(v, { minimumFractionDigits: 2, maximumFractionDigits: 2 })),
});

/**
 * uPlot options for the map: a faceted scatter (mode 2) of valence × energy on fixed 0–1 scales, the dots
 * painted by hand from cached paths (uPlot's own per-point drawing is far slower at 10,000), the mood
 * boxes and the focus ring in the `draw` hook. uPlot's cursor is off: the component reads the pointer.
 */
export function mapChartOptions(
  scene: MapScene,
  height: number,
  labels: { valence: string; energy: string },
): Omit<uPlot.Options, 'width'> {
  const dots = dotLayers();
  return {
    mode: 2,
    height,
    padding: [12, 12, 0, 0],
    legend: { show: false },
    cursor: { show: false, drag: { x: false, y: false, setScale: false } },
    scales: { x: { time: false, auto: false, range: [0, 1] }, y: { auto: false, range: [0, 1] } },
    axes: [axis(labels.valence), axis(labels.energy)],
    series: [
      {},
      {
        facets: [
          { scale: 'x', auto: false },
          { scale: 'y', auto: false },
        ],
        points: { show: false },
        paths: (u) => {
          drawDots(u, scene, dots);
          return null;
        },
      },
    ],
    hooks: {
      draw: [
        (u) => {
          drawBoxes(u, scene);
          drawFocus(u, scene);
        },
      ],
    },
  };
}

/** uPlot's data for the map: one facet series of (valence, energy). */
export function mapChartData(data: LibraryMapData): uPlot.AlignedData {
  return [null, [data.valence, data.energy]] as unknown as uPlot.AlignedData;
}
