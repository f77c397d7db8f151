// evaluate.start: windows of the chosen recordings cut as the model was trained (its window, stride
// and rule), normalised with the model's training statistics, predicted in the ML host, reported.
import type { EvalMetrics } from '../../../shared/api/ml';
import type { Recording } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import type { JobContext } from '../jobs/job-runner';
import { channelKey, checkCompatible, labelledSpans, selectRecordings } from './data-select';
import { evaluationReport } from './eval-report';
import { ModelRepo } from './model-repo';
import { normaliseInPlace } from './normalise';
import { requireTraining } from './train-job';
import { readWindows } from './window-reader';
import { planRecording, type WindowRef } from './window-plan';

export interface EvaluateOptions {
  model: string | number;
  recordingIds?: number[];
  tags?: string[];
  maxMisclassified: number;
}

export interface PreparedEvaluation {
  title: string;
  run(job: JobContext): Promise<EvalMetrics>;
}

export function prepareEvaluation(ctx: CoreContext, opts: EvaluateOptions): PreparedEvaluation {
  const ml = requireTraining(ctx.ml);
  const repo = new ModelRepo(ctx.store.db);
  const model = repo.get(opts.model);
  const warnings: string[] = [];
  const selected = selectRecordings(ctx.store, opts);
  const spans = labelledSpans(ctx.store, selected);
  const recs = selected.filter((r) => (spans.get(r.id) ?? []).length > 0);
  if (recs.length === 0) throw new AppError('BAD_REQUEST', 'none of the selected recordings has labelled segments to evaluate on');
  const { sampleRate, channels } = checkCompatible(recs);
  if (Math.abs(sampleRate - model.sampleRate) > 1e-6 * model.sampleRate) {
    throw new AppError('BAD_REQUEST', `the recordings are sampled at ${sampleRate} Hz but model "${model.name}" was trained at ${model.sampleRate} Hz`);
  }
  if (channels.length !== model.channels.length) {
    throw new AppError(
      'BAD_REQUEST',
      `the recordings have ${channels.length} channel(s) [${channelKey({ channels })}] but model "${model.name}" expects ${model.channels.length} [${channelKey(model)}]`
    );
  }
  if (channelKey({ channels }) !== channelKey(model)) {
    warnings.push(`channel names differ from the model's ([${channelKey({ channels })}] vs [${channelKey(model)}]); matched by position`);
  }
  const windows: WindowRef[] = [];
  for (const r of recs) windows.push(...planRecording(r.id, r.numSamples, spans.get(r.id) ?? [], model.window).windows);
  const classIndex = new Map(model.classes.map((c, i) => [c, i]));
  const byId = new Map<number, Recording>(recs.map((r) => [r.id, r]));
  const set = readWindows(ctx.store.samples, byId, windows, model.window.length, classIndex);
  if (set.unknownClass > 0) {
    const unknown = [...new Set(windows.map((w) => w.label).filter((l) => !classIndex.has(l)))];
    warnings.push(`${set.unknownClass} window(s) of classes the model does not know were left out: ${unknown.join(', ')}`);
  }
  if (set.skippedNaN > 0) warnings.push(`${set.skippedNaN} window(s) containing NaN were skipped`);
  if (set.n === 0) throw new AppError('BAD_REQUEST', `no windows to evaluate${warnings.length ? `: ${warnings.join('; ')}` : ''}`);
  normaliseInPlace(set.x, model.normalisation);
  const artifacts = repo.artifacts(model.id);
  return {
    title: `Evaluate ${model.name} on ${recs.length} recording(s)`,
    async run(job) {
      job.progress({ done: 0, total: set.n, unit: 'windows', message: `predicting ${set.n} windows` });
      const probs = await ml.predict(
        { model: artifacts, modelKey: `model:${model.id}:${model.createdAt}`, x: set.x, n: set.n, length: set.length, channels: set.channels },
        job.signal
      );
      job.throwIfCancelled();
      job.progress({ done: set.n, total: set.n, unit: 'windows' });
      const report = evaluationReport({
        classes: model.classes,
        probs,
        y: set.y,
        refs: set.refs,
        recordingName: (id) => byId.get(id)?.name ?? String(id),
        skipped: { nan: set.skippedNaN, unknownClass: set.unknownClass },
        maxMisclassified: opts.maxMisclassified
      });
      return { ...report, warnings };
    }
  };
}
