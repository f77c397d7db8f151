// Window-level truth where the inputs carry labels, and the batch's accuracy, macro-F1 and confusion
// matrix (the training helper's metric functions). A window's true class is the label covering more
// than half of it; windows without one are not scored.
import type { ClassifyMetrics } from '../../../shared/api/classify';
import { accuracyOf, balancedAccuracy, confusionMatrix, macroF1, perClassMetrics } from '../ml/metrics';
import type { LabelledSpan } from '../ml/window-plan';

/** True label per window (null: no class covers more than half). `spans` sorted, non-overlapping. */
export function windowTruth(spans: LabelledSpan[], starts: ArrayLike<number>, ends: ArrayLike<number>): Array<string | null> {
  const out: Array<string | null> = [];
  let first = 0;
  const cover = new Map<string, number>();
  for (let i = 0; i < starts.length; i++) {
    const st = starts[i];
    const en = ends[i];
    while (first < spans.length && spans[first].end <= st) first++;
    cover.clear();
    for (let j = first; j < spans.length && spans[j].start < en; j++) {
      const s = spans[j];
      const n = Math.min(en, s.end) - Math.max(st, s.start);
      if (n > 0) cover.set(s.label, (cover.get(s.label) ?? 0) + n);
    }
    let best: string | null = null;
    let bestN = 0;
    for (const [label, n] of cover) {
      if (n > bestN) {
        best = label;
        bestN = n;
      }
    }
    out.push(best !== null && bestN * 2 > en - st ? best : null);
  }
  return out;
}

/** Sorted, non-overlapping spans (later ones trimmed), as the store keeps segments. */
export function tidySpans(spans: LabelledSpan[], total: number): LabelledSpan[] {
  const sorted = spans
    .map((s) => ({ start: Math.max(0, Math.round(s.start)), end: Math.min(total, Math.round(s.end)), label: s.label }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const out: LabelledSpan[] = [];
  let lastEnd = 0;
  for (const s of sorted) {
    const start = Math.max(s.start, lastEnd);
    if (start >= s.end) continue;
    out.push({ ...s, start });
    lastEnd = s.end;
  }
  return out;
}

/** Accumulates (truth, prediction) pairs over a batch. */
export class TruthTally {
  private readonly truth: number[] = [];
  private readonly pred: number[] = [];
  private unknownClass = 0;
  private readonly index: Map<string, number>;

  constructor(private readonly classes: string[]) {
    this.index = new Map(classes.map((c, i) => [c.toLowerCase(), i]));
  }

  /** Adds one item's windows; returns its scored and correct counts. */
  add(truth: Array<string | null>, predicted: ArrayLike<number>): { windows: number; correct: number } {
    let windows = 0;
    let correct = 0;
    truth.forEach((t, i) => {
      if (t === null) return;
      const k = this.index.get(t.toLowerCase());
      if (k === undefined) {
        this.unknownClass++;
        return;
      }
      this.truth.push(k);
      this.pred.push(predicted[i]);
      windows++;
      if (predicted[i] === k) correct++;
    });
    return { windows, correct };
  }

  metrics(): ClassifyMetrics | null {
    if (this.truth.length === 0) return null;
    const confusion = confusionMatrix(this.truth, this.pred, this.classes.length);
    return {
      count: this.truth.length,
      accuracy: accuracyOf(confusion),
      balancedAccuracy: balancedAccuracy(confusion),
      macroF1: macroF1(confusion, this.classes),
      classes: this.classes,
      confusion,
      perClass: perClassMetrics(confusion, this.classes),
      unknownClass: this.unknownClass
    };
  }
}
