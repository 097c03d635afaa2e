import { describe, expect, it } from 'vitest';
import { MOODS } from '../../lib/mood/types.ts';
import { evaluate } from './metrics.ts';
import { jsonReport, textReport } from './report.ts';

const metrics = evaluate(MOODS, [
  { truth: 'happy', predicted: 'happy' },
  { truth: 'sad', predicted: 'neutral' },
  { truth: 'angry', predicted: null },
]);
const run = { seconds: 1.234, detectMsMedian: 31.25, padded: 1, unreadable: ['angry/x.jpg'] };

describe('jsonReport', () => {
  it('holds every class in per_class and in both axes of the confusion matrix', () => {
    const json = JSON.parse(JSON.stringify(jsonReport(metrics, run)));
    expect(json).toMatchObject({
      images: 3,
      detected: 2,
      detection_rate: 2 / 3,
      padded: 1,
      seconds: 1.23,
      detect_ms_median: 31.3,
    });
    expect(json.accuracy).toBeCloseTo(1 / 3);
    expect(Object.keys(json.per_class)).toEqual([...MOODS]);
    expect(Object.keys(json.confusion)).toEqual([...MOODS]);
    for (const m of MOODS) expect(Object.keys(json.confusion[m])).toEqual([...MOODS]);
    expect(json.per_class.angry).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
  });
});

describe('textReport', () => {
  it('shows the undetected column and names unreadable files', () => {
    const text = textReport(MOODS, metrics, run);
    expect(text).toMatch(/true \\ predicted\s+happy\s+sad\s+angry\s+neutral\s+surprised\s+undetected/);
    expect(text).toMatch(/^angry\s+0\s+0\s+0\s+0\s+0\s+1$/m);
    expect(text).toContain('angry/x.jpg');
  });
});
