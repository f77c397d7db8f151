// After the last prediction: each item's windows become its result, and labelled windows are scored.
import type { ClassifiedItem, ClassifyInput, ClassifyMetrics } from '../../../shared/api/classify';
import { itemResult } from './item-result';
import { windowLabels } from './merge';
import type { ClassifierModel } from './model-source';
import type { PendingItem } from './pending-item';
import { TruthTally, windowTruth } from './truth';

export function finishItems(
  pending: PendingItem[],
  model: ClassifierModel,
  opts: Pick<ClassifyInput, 'minConfidence' | 'minDurationS' | 'includeWindows'>
): { items: ClassifiedItem[]; metrics: ClassifyMetrics | null } {
  const K = model.classes.length;
  const tally = new TruthTally(model.classes);
  const items = pending.map((p) => {
    const w = p.windows();
    let truth: { windows: number; correct: number } | null = null;
    if (p.truthSpans.length > 0) {
      const { label } = windowLabels(w.probs, K, 0);
      truth = tally.add(windowTruth(p.truthSpans, w.starts, w.ends), label);
    }
    const warnings = [...p.warnings];
    if (w.skipped > 0) warnings.push(`${w.skipped} window(s) with gaps (NaN) were not classified`);
    return itemResult(
      p.id,
      w,
      {
        classes: model.classes,
        modelRate: model.sampleRate,
        minConfidence: opts.minConfidence,
        minDurationS: opts.minDurationS,
        includeWindows: opts.includeWindows
      },
      truth,
      warnings
    );
  });
  return { items, metrics: tally.metrics() };
}
