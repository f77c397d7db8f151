// train.start: prepare the windows here (errors come back at once), then train in the ML host as a
// job with per-batch progress, and store the model with everything needed to use it again.
import type { TrainMetrics, TrainResult, TrainStartInput } from '../../../shared/api/ml';
import { AppError } from '../../../shared/errors';
import type { CoreContext, MlHost } from '../context';
import type { JobContext } from '../jobs/job-runner';
import { evaluationReport } from './eval-report';
import { ModelRepo } from './model-repo';
import { resolveConfig } from './models/index';
import { randomSeed } from './rng';
import { assertTrainable, prepareTrainingData, type PreparedData } from './train-data';
import type { TrainProgress, TrainRequest } from './worker-protocol';

export function requireTraining(ml: MlHost): Required<MlHost> {
  if (!ml.train || !ml.predict || !ml.inspect) {
    throw new AppError('INTERNAL', 'this core was created with an ML host that cannot train or predict');
  }
  return ml as Required<MlHost>;
}

function fmt(v: number | null, digits = 3): string {
  return v === null || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}

export function progressMessage(p: TrainProgress): string {
  const val = p.valLoss !== null ? ` val ${fmt(p.valLoss)}/${fmt(p.valAccuracy)}` : '';
  const eta = p.etaS !== null && Number.isFinite(p.etaS) ? `, ETA ${Math.round(p.etaS)} s` : '';
  return `epoch ${p.epoch}/${p.epochs} batch ${p.batch}/${p.batches} loss ${fmt(p.loss)} acc ${fmt(p.accuracy)}${val}, ${p.samplesPerS.toFixed(1)} samples/s${eta} [${p.backend}/${p.device}]`;
}

export interface PreparedTraining {
  name: string;
  title: string;
  run(job: JobContext): Promise<TrainResult>;
}

export function prepareTraining(ctx: CoreContext, input: TrainStartInput): PreparedTraining {
  const ml = requireTraining(ctx.ml);
  const repo = new ModelRepo(ctx.store.db);
  if (input.name !== undefined && repo.exists(input.name)) {
    throw new AppError('CONFLICT', `a model named "${input.name.trim()}" already exists`);
  }
  const data = prepareTrainingData(ctx.store, input);
  assertTrainable(data);
  const seed = input.seed ?? randomSeed();
  const width = resolveConfig({ arch: input.arch, channels: data.channels.length, classes: data.classes.length, width: input.width }).width;
  const base = input.name ?? `${input.arch}-${(input.tags ?? []).join('+') || 'recordings'}`;
  const name = input.name ?? repo.uniqueName(base);
  return {
    name,
    title: `Train ${name}`,
    run: (job) => train(ml, repo, input, data, { seed, width, name }, job)
  };
}

async function train(
  ml: Required<MlHost>,
  repo: ModelRepo,
  input: TrainStartInput,
  data: PreparedData,
  fixed: { seed: number; width: number; name: string },
  job: JobContext
): Promise<TrainResult> {
  const t0 = performance.now();
  const batches = Math.ceil(data.train.n / Math.min(input.batchSize, data.train.n));
  const total = batches * input.epochs;
  const req: TrainRequest = {
    spec: {
      arch: input.arch,
      width: fixed.width,
      classes: data.classes.length,
      channels: data.channels.length,
      length: data.geometry.length,
      epochs: input.epochs,
      batchSize: input.batchSize,
      learningRate: input.learningRate,
      patience: input.patience,
      lrSchedule: input.lrSchedule,
      augment: input.augment,
      classWeights: input.classWeights ? data.classWeights : null,
      seed: fixed.seed
    },
    train: { x: data.train.x, y: data.train.y, n: data.train.n },
    val: data.val && data.val.n > 0 ? { x: data.val.x, y: data.val.y, n: data.val.n } : null
  };
  job.progress({ done: 0, total, unit: 'batches', message: `training on ${data.train.n} windows` });
  const out = await ml.train(req, {
    signal: job.signal,
    onProgress: (p) =>
      job.progress({ done: (p.epoch - 1) * p.batches + p.batch, total, unit: 'batches', message: progressMessage(p), extra: { ...p } })
  });
  job.throwIfCancelled();
  const names = new Map([...data.recordings.values()].map((r) => [r.id, r.name]));
  const validation =
    data.val && out.valProbs
      ? evaluationReport({
          classes: data.classes,
          probs: out.valProbs,
          y: data.val.y,
          refs: data.val.refs,
          recordingName: (id) => names.get(id) ?? String(id),
          skipped: { nan: data.val.skippedNaN, unknownClass: data.val.unknownClass },
          maxMisclassified: 1000
        })
      : null;
  const best = out.history[out.bestEpoch - 1] ?? out.history[out.history.length - 1];
  const durationS = (performance.now() - t0) / 1000;
  const metrics: TrainMetrics = {
    epochs: out.history.length,
    bestEpoch: out.bestEpoch,
    stoppedEarly: out.stoppedEarly,
    train: { loss: best.loss, accuracy: best.accuracy, windows: data.train.n },
    validation,
    history: out.history,
    skippedNaN: data.preview.skippedNaN,
    samplesPerS: out.samplesPerS,
    durationS
  };
  const saved = repo.insert({
    name: repo.exists(fixed.name) ? repo.uniqueName(fixed.name) : fixed.name,
    arch: input.arch,
    classes: data.classes,
    channels: data.channels,
    sampleRate: data.sampleRate,
    window: { ...data.geometry },
    normalisation: data.normalisation,
    config: {
      arch: input.arch, width: fixed.width, epochs: input.epochs, batchSize: input.batchSize, learningRate: input.learningRate,
      patience: input.patience, lrSchedule: input.lrSchedule, augment: input.augment, classWeights: input.classWeights,
      seed: fixed.seed, data: pickData(input),
      trainRecordings: data.preview.recordings.train.map((r) => r.id),
      valRecordings: data.preview.recordings.val.map((r) => r.id)
    },
    metrics,
    params: out.params,
    backend: `${out.backend.backend} (${out.backend.device}): ${out.backend.detail}`,
    durationS,
    artifacts: out.model
  });
  return { model: { id: saved.id, name: saved.name }, metrics };
}

function pickData(input: TrainStartInput): Record<string, unknown> {
  const { recordingIds, tags, valTag, valSplit, window, stride, unit, rule, majority } = input;
  return { recordingIds, tags, valTag, valSplit, window, stride, unit, rule, majority };
}
