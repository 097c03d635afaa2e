/**
 * Classification metrics for `npm run eval`. Pure functions over (true label, predicted label)
 * pairs, where a prediction of `null` means no face was detected: such an image counts as wrong
 * (it lowers its true class's recall) but adds to no class's predictions (precision is untouched).
 */

/** One evaluated image: its true label, and the predicted one (`null`: no face detected). */
export interface Outcome<L extends string> {
  readonly truth: L;
  readonly predicted: L | null;
}

export interface ClassMetrics {
  /** Correct predictions of the class / all predictions of it; 0 when it was never predicted. */
  readonly precision: number;
  /** Correct predictions of the class / its images (undetected ones included); 0 when it has none. */
  readonly recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  readonly f1: number;
  /** Images whose true label is this class. */
  readonly support: number;
}

export interface EvalMetrics<L extends string> {
  readonly images: number;
  readonly detected: number;
  /** Correct / images; undetected images count as wrong. */
  readonly accuracy: number;
  /**
   * Mean F1 over the classes that occur as a true or a predicted label (scikit-learn's default),
   * so a label folder that is missing altogether does not drag it down.
   */
  readonly macro_f1: number;
  readonly detection_rate: number;
  readonly per_class: Record<L, ClassMetrics>;
  /** `confusion[truth][predicted]`, over the labels only. */
  readonly confusion: Record<L, Record<L, number>>;
  /** Undetected images per true label: the confusion matrix's extra column. */
  readonly undetected: Record<L, number>;
}

/** The confusion matrix (rows: true label, columns: predicted) and the undetected column. */
export function confusionMatrix<L extends string>(
  labels: readonly L[],
  outcomes: readonly Outcome<L>[],
): { confusion: Record<L, Record<L, number>>; undetected: Record<L, number> } {
  const known = new Set<string>(labels);
  const confusion = byLabel(labels, () => byLabel(labels, () => 0));
  const undetected = byLabel(labels, () => 0);
  for (const { truth, predicted } of outcomes) {
    if (!known.has(truth)) throw new Error(`Unknown true label "${truth}"; expected one of ${labels.join(', ')}.`);
    if (predicted === null) {
      undetected[truth] += 1;
      continue;
    }
    if (!known.has(predicted)) {
      throw new Error(`Unknown predicted label "${predicted}"; expected one of ${labels.join(', ')}.`);
    }
    confusion[truth][predicted] += 1;
  }
  return { confusion, undetected };
}

/** Per-class precision / recall / F1 / support, accuracy, macro-F1 and detection rate. */
export function evaluate<L extends string>(labels: readonly L[], outcomes: readonly Outcome<L>[]): EvalMetrics<L> {
  const { confusion, undetected } = confusionMatrix(labels, outcomes);
  const images = outcomes.length;
  const detected = outcomes.filter((o) => o.predicted !== null).length;
  const per_class = byLabel(labels, (label): ClassMetrics => {
    const tp = confusion[label][label];
    const predicted = labels.reduce((sum, truth) => sum + confusion[truth][label], 0);
    const support = labels.reduce((sum, p) => sum + confusion[label][p], 0) + undetected[label];
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    return { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const correct = labels.reduce((sum, label) => sum + confusion[label][label], 0);
  const occurring = labels.filter(
    (label) => per_class[label].support > 0 || labels.some((truth) => confusion[truth][label] > 0),
  );
  return {
    images,
    detected,
    accuracy: ratio(correct, images),
    macro_f1: ratio(
      occurring.reduce((sum, label) => sum + per_class[label].f1, 0),
      occurring.length,
    ),
    detection_rate: ratio(detected, images),
    per_class,
    confusion,
    undetected,
  };
}

/** `a / b`, or 0 when `b` is 0: an empty class scores 0 rather than NaN. */
function ratio(a: number, b: number): number {
  return b > 0 ? a / b : 0;
}

function byLabel<L extends string, T>(labels: readonly L[], make: (label: L) => T): Record<L, T> {
  const out = {} as Record<L, T>;
  for (const label of labels) out[label] = make(label);
  return out;
}
