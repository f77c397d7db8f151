// The Train form's values and their translation into train.preview / train.start inputs (pure).
import type { z } from 'zod';
import type { TrainPreviewInput, TrainStartInput } from '../../../../shared/api/ml';
import type { ArchName } from '../../../../shared/presets';

export type PreviewInput = z.input<typeof TrainPreviewInput>;
export type StartInput = z.input<typeof TrainStartInput>;

export interface TrainFormValues {
  source: 'recordings' | 'tags';
  recordingIds: number[];
  tags: string[];
  /** split: a fraction of whole recordings; tag: the selected recordings carrying valTag; none: no validation. */
  valMode: 'split' | 'tag' | 'none';
  valSplit: number;
  valTag: string;
  /** auto: one example per labelled segment. */
  windowMode: 'auto' | 'fixed';
  window: number;
  /** null: half the window. */
  stride: number | null;
  unit: 'samples' | 'seconds';
  rule: 'inside' | 'majority';
  /** null: split seed 1, the rest random. */
  seed: number | null;
  arch: ArchName;
  /** null: the preset's default width. */
  width: number | null;
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  augment: boolean;
  classWeights: boolean;
  name: string;
}

export function defaultFormValues(): TrainFormValues {
  return {
    source: 'tags',
    recordingIds: [],
    tags: [],
    valMode: 'split',
    valSplit: 0.25,
    valTag: '',
    windowMode: 'fixed',
    window: 100,
    stride: null,
    unit: 'samples',
    rule: 'inside',
    seed: null,
    arch: 'tsc',
    width: null,
    epochs: 30,
    batchSize: 32,
    learningRate: 0.001,
    patience: 10,
    augment: true,
    classWeights: true,
    name: ''
  };
}

export type Built<T> = { ok: true; input: T } | { ok: false; errors: string[] };

const finitePositive = (n: number | null): n is number => n !== null && Number.isFinite(n) && n > 0;

/** The data options of the form, or what is missing / wrong (shown next to the preview). */
export function buildDataOptions(v: TrainFormValues): Built<PreviewInput> {
  const errors: string[] = [];
  const input: PreviewInput = { unit: v.unit, rule: v.rule };
  if (v.source === 'recordings') {
    if (v.recordingIds.length === 0) errors.push('Choose at least one recording.');
    else input.recordingIds = [...v.recordingIds];
  } else if (v.tags.length === 0) {
    errors.push('Choose at least one tag.');
  } else {
    input.tags = [...v.tags];
  }
  if (v.valMode === 'split') {
    if (!(v.valSplit >= 0 && v.valSplit <= 0.9)) errors.push('Validation split must be between 0 and 0.9.');
    else input.valSplit = v.valSplit;
  } else if (v.valMode === 'tag') {
    const tag = v.valTag.trim();
    if (!tag) errors.push('Choose the validation tag.');
    else input.valTag = tag;
  }
  if (v.windowMode === 'auto') {
    input.window = 'auto';
  } else {
    if (!finitePositive(v.window)) errors.push('Window must be a positive number.');
    else input.window = v.window;
    if (v.stride !== null) {
      if (!finitePositive(v.stride)) errors.push('Stride must be a positive number (or empty for half the window).');
      else input.stride = v.stride;
    }
    if (v.unit === 'samples' && (!Number.isInteger(v.window) || (v.stride !== null && !Number.isInteger(v.stride)))) {
      errors.push('Window and stride in samples must be whole numbers.');
    }
  }
  if (v.seed !== null) {
    if (!Number.isInteger(v.seed) || v.seed < 0 || v.seed > 2 ** 31 - 1) errors.push('Seed must be a whole number ≥ 0.');
    else input.seed = v.seed;
  }
  return errors.length ? { ok: false, errors } : { ok: true, input };
}

function intIn(n: number, min: number, max: number): boolean {
  return Number.isInteger(n) && n >= min && n <= max;
}

/** The full train.start input, or everything that is wrong with the form. */
export function buildStartInput(v: TrainFormValues): Built<StartInput> {
  const data = buildDataOptions(v);
  const errors = data.ok ? [] : [...data.errors];
  if (v.width !== null && !intIn(v.width, 1, 512)) errors.push('Width must be a whole number from 1 to 512 (or empty for the default).');
  if (!intIn(v.epochs, 1, 10_000)) errors.push('Epochs must be a whole number from 1 to 10000.');
  if (!intIn(v.batchSize, 1, 4096)) errors.push('Batch size must be a whole number from 1 to 4096.');
  if (!(v.learningRate > 0 && v.learningRate <= 1)) errors.push('Learning rate must be in (0, 1].');
  if (!intIn(v.patience, 0, 10_000)) errors.push('Patience must be a whole number ≥ 0 (0 = no early stopping).');
  if (v.name.trim().length > 200) errors.push('Model name is too long (200 characters at most).');
  if (!data.ok || errors.length) return { ok: false, errors };
  const input: StartInput = {
    ...data.input,
    arch: v.arch,
    epochs: v.epochs,
    batchSize: v.batchSize,
    learningRate: v.learningRate,
    patience: v.patience,
    augment: v.augment,
    classWeights: v.classWeights
  };
  if (v.width !== null) input.width = v.width;
  const name = v.name.trim();
  if (name) input.name = name;
  return { ok: true, input };
}
