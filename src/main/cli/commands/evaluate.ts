import type { EvalMetrics } from '../../../shared/api/ml';
import { call, type Command, EXIT_OK, followJob, jobResult, numberFlag, parse, table, UsageError } from '../io';

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** Metrics, per-class table and confusion matrix as text (shared with `train`). */
export function formatMetrics(m: EvalMetrics, title: string): string {
  const lines = [
    `${title}: ${m.count} windows — accuracy ${pct(m.accuracy)}, balanced accuracy ${pct(m.balancedAccuracy)}, macro-F1 ${m.macroF1.toFixed(3)}`,
    '',
    table(
      m.perClass.map((c) => ({
        class: c.name,
        precision: c.precision.toFixed(3),
        recall: c.recall.toFixed(3),
        f1: c.f1.toFixed(3),
        support: c.support
      })),
      ['class', 'precision', 'recall', 'f1', 'support']
    ),
    '',
    'confusion matrix (rows: true class, columns: predicted)',
    table(
      m.confusion.map((row, i) => ({ true: m.classes[i], ...Object.fromEntries(row.map((n, j) => [m.classes[j], n])) })),
      ['true', ...m.classes]
    )
  ];
  if (m.misclassifiedTotal > 0) {
    lines.push('', `${m.misclassifiedTotal} misclassified window(s)${m.misclassified.length > 10 ? ', the 10 most confident:' : ':'}`);
    lines.push(
      table(
        m.misclassified.slice(0, 10).map((w) => ({
          recording: `${w.recordingName} (${w.recordingId})`,
          samples: `${w.start}–${w.end}`,
          true: w.true,
          predicted: w.predicted,
          confidence: w.confidence.toFixed(2)
        })),
        ['recording', 'samples', 'true', 'predicted', 'confidence']
      )
    );
  }
  if (m.skipped.nan || m.skipped.unknownClass) {
    lines.push('', `skipped: ${m.skipped.nan} window(s) with NaN, ${m.skipped.unknownClass} of classes the model does not know`);
  }
  for (const w of m.warnings ?? []) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

/** "1,2,3" → ids (repeatable flag). */
export function idList(values: string[] | undefined, flag: string): number[] | undefined {
  if (!values) return undefined;
  const ids = values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean).map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${flag}: not a recording id: ${JSON.stringify(s)}`);
    return n;
  });
  if (ids.length === 0) throw new UsageError(`--${flag} needs at least one id`);
  return ids;
}

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'Evaluate a trained model on labelled recordings: accuracy, balanced accuracy, macro-F1, confusion matrix',
  usage: 'sensorlab evaluate --model M (--tag T… | --recordings ID,ID…) [--max-misclassified N] [--data-dir D] [--json]',
  async run({ args, io, core }) {
    const { values } = parse(
      args,
      { model: { type: 'string' }, tag: { type: 'string', multiple: true }, recordings: { type: 'string', multiple: true }, 'max-misclassified': { type: 'string' } },
      false
    );
    if (!values.model) throw new UsageError('--model is required (a model name or id)');
    if (!values.tag && !values.recordings) throw new UsageError('choose the test recordings with --tag T… or --recordings ID,ID…');
    if (values.tag && values.recordings) throw new UsageError('give --tag or --recordings, not both');
    const c = core();
    const model = /^\d+$/.test(values.model) ? Number(values.model) : values.model;
    const max = numberFlag(values['max-misclassified'], 'max-misclassified', (n) => Number.isInteger(n) && n >= 0);
    const { jobId } = await call(c, 'evaluate.start', {
      model,
      tags: values.tag,
      recordingIds: idList(values.recordings, 'recordings'),
      ...(max !== undefined ? { maxMisclassified: max } : {})
    });
    const metrics = jobResult<EvalMetrics>(await followJob(c, jobId, io, Boolean(values.json)));
    if (values.json) io.out(JSON.stringify(metrics));
    else io.out(formatMetrics(metrics, `model ${values.model}`));
    return EXIT_OK;
  }
};
