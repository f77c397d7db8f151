// From data options to training and validation windows: select, check, split, plan, read, normalise.
// Normalisation statistics and class weights come from the training windows only.
import type { DataOptions, TrainPreview } from '../../../shared/api/ml';
import type { Channel, Recording } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { Store } from '../store';
import { checkCompatible, labelledSpans, selectRecordings, splitRecordings } from './data-select';
import { channelStats, type Normalisation, normaliseInPlace } from './normalise';
import { readWindows, type WindowSet } from './window-reader';
import { planRecording, resolveGeometry, type LabelledSpan, type WindowGeometry, type WindowRef } from './window-plan';

/** The split seed when the caller gave none, so a preview and the training that follows agree. */
export const DEFAULT_SPLIT_SEED = 1;
export const DEFAULT_VAL_SPLIT = 0.2;

export interface PreparedData {
  preview: TrainPreview;
  geometry: WindowGeometry;
  classes: string[];
  sampleRate: number;
  channels: Channel[];
  train: WindowSet;
  val: WindowSet | null;
  normalisation: Normalisation;
  /** Balanced weights n / (K · n_c) per class, from the training windows. */
  classWeights: number[];
  recordings: Map<number, Recording>;
}

/** Balanced class weights; classes without windows get 0. */
export function balancedWeights(y: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const c of y) counts[c]++;
  const present = counts.filter((n) => n > 0).length;
  return counts.map((n) => (n > 0 ? y.length / (present * n) : 0));
}

function plan(recs: Recording[], spans: Map<number, LabelledSpan[]>, g: WindowGeometry): { windows: WindowRef[]; short: number } {
  const windows: WindowRef[] = [];
  let short = 0;
  for (const r of recs) {
    const p = planRecording(r.id, r.numSamples, spans.get(r.id) ?? [], g);
    windows.push(...p.windows);
    short += p.shortSegments;
  }
  return { windows, short };
}

export function prepareTrainingData(store: Store, opts: DataOptions & { valSplit?: number }): PreparedData {
  const warnings: string[] = [];
  const selected = selectRecordings(store, opts);
  const spans = labelledSpans(store, selected);
  const recs = selected.filter((r) => (spans.get(r.id) ?? []).length > 0);
  if (recs.length < selected.length) {
    warnings.push(`${selected.length - recs.length} selected recording(s) without labelled segments were left out`);
  }
  const { sampleRate, channels } = checkCompatible(recs);
  const valSplit = opts.valTag !== undefined ? 0 : (opts.valSplit ?? DEFAULT_VAL_SPLIT);
  const split = splitRecordings(recs, spans, { valTag: opts.valTag, valSplit, seed: opts.seed ?? DEFAULT_SPLIT_SEED });
  const trainLengths = split.train.flatMap((r) => (spans.get(r.id) ?? []).map((s) => s.end - s.start));
  const geometry = resolveGeometry(opts, sampleRate, trainLengths);
  const trainPlan = plan(split.train, spans, geometry);
  const valPlan = plan(split.val, spans, geometry);
  if (trainPlan.short + valPlan.short > 0) {
    warnings.push(`${trainPlan.short + valPlan.short} labelled segment(s) shorter than the window (${geometry.length} samples) give no window`);
  }
  // Classes in the order of the label list (stable colours), those with training windows only.
  const trainLabels = new Set(trainPlan.windows.map((w) => w.label));
  const order = store.labels.list().map((l) => l.name);
  const classes = [...order.filter((n) => trainLabels.has(n)), ...[...trainLabels].filter((n) => !order.includes(n)).sort()];
  const valOnly = [...new Set(valPlan.windows.map((w) => w.label))].filter((l) => !trainLabels.has(l));
  if (valOnly.length) warnings.push(`class(es) only in validation, left out: ${valOnly.join(', ')}`);
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const byId = new Map(recs.map((r) => [r.id, r]));
  const train = readWindows(store.samples, byId, trainPlan.windows, geometry.length, classIndex);
  const val = split.val.length ? readWindows(store.samples, byId, valPlan.windows, geometry.length, classIndex) : null;
  const count = (set: WindowSet | null) => {
    const out = new Array<number>(classes.length).fill(0);
    if (set) for (const c of set.y) out[c]++;
    return out;
  };
  const trainCounts = count(train);
  const valCounts = count(val);
  const preview: TrainPreview = {
    classes: classes.map((name, i) => ({ name, train: trainCounts[i], val: valCounts[i] })),
    windows: { train: train.n, val: val?.n ?? 0 },
    skippedNaN: { train: train.skippedNaN, val: val?.skippedNaN ?? 0 },
    recordings: {
      train: split.train.map((r) => ({ id: r.id, name: r.name })),
      val: split.val.map((r) => ({ id: r.id, name: r.name }))
    },
    sampleRate,
    channels,
    window: { mode: geometry.mode, length: geometry.length, stride: geometry.stride },
    padded: train.padded + (val?.padded ?? 0),
    truncated: train.truncated + (val?.truncated ?? 0),
    warnings
  };
  if (train.skippedNaN + (val?.skippedNaN ?? 0) > 0) {
    warnings.push(`${train.skippedNaN + (val?.skippedNaN ?? 0)} window(s) containing NaN were skipped`);
  }
  const normalisation = channelStats(train.x, channels.length);
  normaliseInPlace(train.x, normalisation);
  if (val) normaliseInPlace(val.x, normalisation);
  return {
    preview,
    geometry,
    classes,
    sampleRate,
    channels,
    train,
    val,
    normalisation,
    classWeights: balancedWeights(train.y, classes.length),
    recordings: byId
  };
}

/** Throws unless the data can train a classifier (two classes with training windows). */
export function assertTrainable(data: PreparedData): void {
  const withWindows = data.preview.classes.filter((c) => c.train > 0);
  if (data.train.n === 0) {
    throw new AppError('BAD_REQUEST', `no training windows: ${data.preview.warnings.join('; ') || 'check the window length and the labels'}`);
  }
  if (withWindows.length < 2) {
    throw new AppError('BAD_REQUEST', `training needs windows of at least two classes (found: ${withWindows.map((c) => c.name).join(', ') || 'none'})`);
  }
}
