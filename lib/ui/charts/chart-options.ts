import uPlot from 'uplot';
import type { HistoryView } from '@/lib/history/aggregate';
import type { SparkSeries, StackedBars } from '@/lib/history/charts/chart-data';
import { SPARK_LEVEL } from '@/lib/history/charts/sparkline';
import { barTicks } from '@/lib/history/charts/ticks';
import { MOOD_LOOK } from '@/lib/ui/moods';

export type ChartOptions = Omit<uPlot.Options, 'width'>;

/** Chart chrome on the dark surface (`--mdj-text-dim` for labels, faint white for lines). */
const CHART_INK = {
  axis: '#b3b3b3',
  grid: 'rgba(255, 255, 255, 0.08)',
  tick: 'rgba(255, 255, 255, 0.16)',
  font: '12px system-ui, sans-serif',
} as const;

const axisLook = {
  stroke: CHART_INK.axis,
  font: CHART_INK.font,
  grid: { stroke: CHART_INK.grid, width: 1 },
  ticks: { stroke: CHART_INK.tick, width: 1 },
} satisfies uPlot.Axis;

/** The stacked bars of time per mood; `onhover` gets the bar under the pointer. */
export function barChartOptions(
  data: HistoryView,
  bars: StackedBars,
  onhover: (index: number | null) => void,
): ChartOptions {
  const end = (data.buckets.at(-1)?.end ?? data.to) / 1000;
  const ticks = (u: uPlot) => barTicks(data, u.bbox.width / uPlot.pxRatio);
  const paths = uPlot.paths.bars?.({ size: [0.8, 48], align: 0 });
  return {
    height: 220,
    legend: { show: false },
    cursor: { y: false, points: { show: false }, drag: { x: false, y: false, setScale: false } },
    scales: {
      x: { time: true, range: () => [data.from / 1000, end] },
      // At least 10 min / 1 h tall, so a few minutes do not fill the chart.
      y: { range: (_u, _min, max) => [0, Math.max(max * 1.1, bars.unit === 'min' ? 10 : 1)] },
    },
    axes: [
      {
        ...axisLook,
        splits: (u) => ticks(u).map((t) => t.at),
        values: (u, splits) => {
          const labels = new Map(ticks(u).map((t) => [t.at, t.label]));
          return splits.map((s) => labels.get(s) ?? '');
        },
      },
      { ...axisLook, size: 64, values: (_u, splits) => splits.map((v) => `${v} ${bars.unit}`) },
    ],
    series: [
      {},
      ...bars.stacks.map((s) => ({
        label: MOOD_LOOK[s.mood].label,
        fill: MOOD_LOOK[s.mood].hex,
        stroke: MOOD_LOOK[s.mood].hex,
        width: 0,
        paths,
        points: { show: false },
      })),
    ],
    hooks: { setCursor: [(u) => onhover(u.cursor.idx ?? null)] },
  };
}

/** A step line of today's moods, each stretch in its mood's colour. */
export function sparklineOptions(series: SparkSeries): ChartOptions {
  const first = series.x[0] ?? 0;
  const last = series.x.at(-1) ?? first + 1;
  return {
    height: 48,
    // Room on the right for a dot at "now" (`DOT_RADIUS`).
    padding: [6, 4, 6, 2],
    legend: { show: false },
    cursor: { show: false },
    axes: [
      { show: false },
      // Three faint guides (low, neutral, high) so short stretches still read against a scale.
      {
        size: 0,
        splits: () => [SPARK_LEVEL.angry, SPARK_LEVEL.neutral, SPARK_LEVEL.happy],
        values: (_u, splits) => splits.map(() => ''),
        grid: { stroke: CHART_INK.grid, width: 1 },
        ticks: { show: false },
      },
    ],
    scales: { x: { time: false, range: () => [first, Math.max(last, first + 1)] }, y: { range: () => [-0.5, 4.5] } },
    series: [
      {},
      {
        width: 2,
        paths: uPlot.paths.stepped?.({ align: 1, alignGaps: 1 }),
        points: { show: false },
        stroke: (u) => moodGradient(u, series),
      },
    ],
    hooks: { draw: [(u) => drawDots(u, series)] },
  };
}

/** Radius, in CSS pixels, of the dot a mood too short for a line gets. */
const DOT_RADIUS = 3;

/** A dot in its mood's colour where a mood lasts too short to show as a line (`SparkSeries.dots`). */
function drawDots(u: uPlot, series: SparkSeries): void {
  const { ctx } = u;
  ctx.save();
  for (const i of series.dots) {
    const mood = series.moods[i];
    const x = series.x[i];
    const y = series.y[i];
    if (!mood || x === undefined || y === undefined || y === null) continue;
    ctx.beginPath();
    ctx.arc(u.valToPos(x, 'x', true), u.valToPos(y, 'y', true), DOT_RADIUS * uPlot.pxRatio, 0, 2 * Math.PI);
    ctx.fillStyle = MOOD_LOOK[mood].hex;
    ctx.fill();
  }
  ctx.restore();
}

/** A horizontal gradient with hard stops, so each step takes its mood's colour. */
function moodGradient(u: uPlot, series: SparkSeries): CanvasGradient | string {
  const { left, width } = u.bbox;
  if (width <= 0) return CHART_INK.axis;
  const gradient = u.ctx.createLinearGradient(left, 0, left + width, 0);
  const at = (x: number) => Math.min(1, Math.max(0, (u.valToPos(x, 'x', true) - left) / width));
  series.moods.forEach((mood, i) => {
    const x0 = series.x[i];
    const x1 = series.x[i + 1];
    if (mood === null || x0 === undefined || x1 === undefined) return;
    gradient.addColorStop(at(x0), MOOD_LOOK[mood].hex);
    gradient.addColorStop(at(x1), MOOD_LOOK[mood].hex);
  });
  return gradient;
}
