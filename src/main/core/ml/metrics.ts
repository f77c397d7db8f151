// Classification metrics from true and predicted class indices: pure functions.

export interface ClassMetrics {
  name: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** confusion[true][predicted]. */
export function confusionMatrix(truth: ArrayLike<number>, pred: ArrayLike<number>, classes: number): number[][] {
  if (truth.length !== pred.length) throw new RangeError('confusionMatrix: truth and prediction lengths differ');
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]][pred[i]]++;
  return m;
}

export function accuracyOf(confusion: number[][]): number {
  let right = 0;
  let all = 0;
  confusion.forEach((row, i) => row.forEach((n, j) => {
    all += n;
    if (i === j) right += n;
  }));
  return all ? right / all : 0;
}

/** Precision, recall and F1 per class (0 where undefined, as scikit-learn's zero_division=0). */
export function perClassMetrics(confusion: number[][], names: string[]): ClassMetrics[] {
  return names.map((name, k) => {
    const tp = confusion[k][k];
    const support = confusion[k].reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[k], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { name, precision, recall, f1, support };
  });
}

/** Mean recall over the classes that occur in the truth. */
export function balancedAccuracy(confusion: number[][]): number {
  const recalls = confusion
    .map((row, k) => ({ support: row.reduce((a, b) => a + b, 0), tp: row[k] }))
    .filter((r) => r.support > 0)
    .map((r) => r.tp / r.support);
  return recalls.length ? recalls.reduce((a, b) => a + b, 0) / recalls.length : 0;
}

/** Mean F1 over the classes that occur in the truth or the predictions. */
export function macroF1(confusion: number[][], names: string[]): number {
  const per = perClassMetrics(confusion, names);
  const used = per.filter((c, k) => c.support > 0 || confusion.some((row) => row[k] > 0));
  return used.length ? used.reduce((a, c) => a + c.f1, 0) / used.length : 0;
}

/** Index of the largest of `k` values starting at `offset`, and that value. */
export function argmax(values: ArrayLike<number>, offset: number, k: number): { index: number; value: number } {
  let index = 0;
  let value = -Infinity;
  for (let j = 0; j < k; j++) {
    const v = values[offset + j];
    if (v > value) {
      value = v;
      index = j;
    }
  }
  return { index, value };
}
