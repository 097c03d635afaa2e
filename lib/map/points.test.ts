import { describe, expect, it } from 'vitest';
import { EMPTY_MAP, type LibraryMapData, PointGrid, PointStyle, pointStyles, stepTo } from './points';

function mapOf(points: [number, number, number][], recent: number[] = []): LibraryMapData {
  return {
    ids: points.map((_, i) => `t${i}`),
    names: points.map((_, i) => `Track ${i}`),
    artists: points.map(() => 'Artist'),
    valence: points.map((p) => p[0]),
    energy: points.map((p) => p[1]),
    tempo: points.map((p) => p[2]),
    recent,
    total: points.length,
  };
}

describe('pointStyles', () => {
  it('dims tracks outside the tempo range and rings recent ones', () => {
    const data = mapOf(
      [
        [0.1, 0.1, 100],
        [0.2, 0.2, 60],
        [0.3, 0.3, 120],
        [0.4, 0.4, 200],
      ],
      [2, 3],
    );
    expect([...pointStyles(data, { min: 90, max: 120 })]).toEqual([
      PointStyle.Plain,
      PointStyle.Dimmed,
      PointStyle.Recent,
      PointStyle.RecentDimmed,
    ]);
    expect([...pointStyles(data, null)]).toEqual([0, 0, PointStyle.Recent, PointStyle.Recent]);
  });
});

describe('PointGrid', () => {
  const data = mapOf([
    [0.5, 0.5, 100],
    [0.52, 0.5, 100],
    [0.9, 0.1, 100],
    [0.0, 1.0, 100],
  ]);
  const grid = new PointGrid(data);

  it('finds the nearest dot within a radius, in screen pixels', () => {
    // 500 px wide: 0.51 is 5 px from track 0 and 5 px from track 1; just right of it is track 1.
    expect(grid.nearest(0.515, 0.5, 8, 500, 400)).toBe(1);
    expect(grid.nearest(0.49, 0.5, 8, 500, 400)).toBe(0);
    expect(grid.nearest(0.0, 0.99, 8, 500, 400)).toBe(3);
    expect(grid.nearest(0.7, 0.7, 8, 500, 400)).toBeNull();
  });

  it('finds a dot across a cell border and copes with an empty map', () => {
    const edge = new PointGrid(mapOf([[0.0313, 0.5, 100]]));
    expect(edge.nearest(0.032, 0.5, 8, 500, 400)).toBe(0);
    expect(new PointGrid(EMPTY_MAP).nearest(0.5, 0.5, 8, 500, 400)).toBeNull();
  });
});

describe('stepTo', () => {
  const data = mapOf([
    [0.5, 0.5, 100],
    [0.6, 0.5, 100],
    [0.55, 0.9, 100],
    [0.3, 0.52, 100],
    [0.6, 0.5, 100],
  ]);

  it('starts at the track nearest the middle', () => {
    expect(stepTo(data, null, 'right')).toBe(0);
    expect(stepTo(EMPTY_MAP, null, 'right')).toBeNull();
  });

  it('goes to the closest track ahead, preferring one in line', () => {
    expect(stepTo(data, 0, 'right')).toBe(1);
    expect(stepTo(data, 0, 'left')).toBe(3);
    expect(stepTo(data, 0, 'up')).toBe(2);
    expect(stepTo(data, 3, 'left')).toBeNull();
    expect(stepTo(data, 0, 'down')).toBeNull();
  });

  it('walks through tracks in the same place in list order, then on', () => {
    expect(stepTo(data, 1, 'right')).toBe(4);
    expect(stepTo(data, 4, 'right')).toBeNull();
  });
});
