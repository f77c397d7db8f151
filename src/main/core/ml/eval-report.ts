// Turns softmax outputs for known windows into the EvalMetrics report (metrics, confusion matrix,
// per-class figures and the misclassified windows, most confident mistakes first).
import type { EvalMetrics } from '../../../shared/api/ml';
import { accuracyOf, argmax, balancedAccuracy, confusionMatrix, macroF1, perClassMetrics } from './metrics';
import type { WindowRef } from './window-plan';

export interface ReportInput {
  classes: string[];
  /** [n, classes] */
  probs: Float32Array;
  /** True class index per window. */
  y: Int32Array;
  refs: WindowRef[];
  recordingName(id: number): string;
  skipped: { nan: number; unknownClass: number };
  maxMisclassified: number;
}

export function evaluationReport(input: ReportInput): EvalMetrics {
  const K = input.classes.length;
  const n = input.y.length;
  const pred = new Int32Array(n);
  const conf = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = argmax(input.probs, i * K, K);
    pred[i] = a.index;
    conf[i] = a.value;
  }
  const confusion = confusionMatrix(input.y, pred, K);
  const wrong: number[] = [];
  for (let i = 0; i < n; i++) if (pred[i] !== input.y[i]) wrong.push(i);
  wrong.sort((a, b) => conf[b] - conf[a]);
  return {
    count: n,
    accuracy: accuracyOf(confusion),
    balancedAccuracy: balancedAccuracy(confusion),
    macroF1: macroF1(confusion, input.classes),
    classes: input.classes,
    confusion,
    perClass: perClassMetrics(confusion, input.classes),
    misclassified: wrong.slice(0, input.maxMisclassified).map((i) => {
      const r = input.refs[i];
      return {
        recordingId: r.recordingId,
        recordingName: input.recordingName(r.recordingId),
        start: r.start,
        end: r.end,
        true: input.classes[input.y[i]],
        predicted: input.classes[pred[i]],
        confidence: conf[i]
      };
    }),
    misclassifiedTotal: wrong.length,
    skipped: input.skipped,
    warnings: []
  };
}
