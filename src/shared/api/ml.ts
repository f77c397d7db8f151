// The ML slice of the contract: training (preview, start), stored models, evaluation.
import { z } from 'zod';
import { Channel, Id } from '../domain';
import { request } from './define';

const Tag = z.string().trim().min(1).max(100);
const Name = z.string().trim().min(1).max(200);
const Count = z.number().int().nonnegative();

/** A model given by id or by name. */
export const ModelRef = z.union([Id, Name]);

/** Kept equal to ARCHS in src/main/core/ml/models/config.ts (checked by a unit test). */
export const ARCH_NAMES = ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152', 'tsc'] as const;

/**
 * Which recordings, how they are cut into windows, and how they are split. Used by train.preview and
 * train.start. `window: 'auto'` (or null): one example per labelled segment, the window length being
 * the longest labelled segment of the training recordings (UCR/UEA: one case = one example); shorter
 * examples are padded at the end with the channel mean (0 after z-scoring), longer ones (evaluation
 * only) keep their centre part.
 */
export const DataOptions = z
  .object({
    recordingIds: z.array(Id).min(1).optional(),
    /** Recordings carrying every given tag. */
    tags: z.array(Tag).min(1).optional(),
    /** Validation = the selected recordings carrying this tag (e.g. UCR `TEST`); training = the rest. */
    valTag: Tag.optional(),
    /** Fraction of whole recordings held out for validation (stratified by their main class, seeded); 0 = none. */
    valSplit: z.number().min(0).max(0.9).optional(),
    window: z.union([z.number().positive(), z.literal('auto'), z.null()]).default('auto'),
    /** Step between windows; default half the window. Ignored with window 'auto'. */
    stride: z.number().positive().nullable().default(null),
    /** Unit of window and stride. */
    unit: z.enum(['samples', 'seconds']).default('samples'),
    /** inside: a window is an example when it lies inside one labelled segment; majority: when one class covers ≥ `majority` of it. */
    rule: z.enum(['inside', 'majority']).default('inside'),
    majority: z.number().min(0.5).max(1).default(0.5),
    /** Seed of the split, shuffling, augmentation and initial weights (default: split seed 1, the rest random). */
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional()
  })
  .strict();
export type DataOptions = z.infer<typeof DataOptions>;

export const TrainConfig = z
  .object({
    arch: z.enum(ARCH_NAMES).default('tsc'),
    width: z.number().int().min(1).max(512).optional(),
    epochs: z.number().int().min(1).max(10_000).default(50),
    batchSize: z.number().int().min(1).max(4096).default(32),
    learningRate: z.number().positive().max(1).default(0.001),
    /** Early stopping: epochs without a better validation loss (training loss without validation); 0 = off. */
    patience: z.number().int().min(0).max(10_000).default(15),
    /** plateau: halve the rate after patience/3 (≥ 3) epochs without improvement, floor lr/100; cosine: to lr/100 over the epochs. */
    lrSchedule: z.enum(['plateau', 'cosine', 'constant']).default('plateau'),
    /** Jitter, scaling and time shift on training batches (never on validation or test). */
    augment: z.boolean().default(true),
    /** Weight the loss by inverse class frequency of the training windows. */
    classWeights: z.boolean().default(true),
    name: Name.optional()
  })
  .strict();

function checkSource(v: { recordingIds?: unknown; tags?: unknown; valTag?: unknown; valSplit?: unknown }, ctx: z.RefinementCtx): void {
  if (!v.recordingIds && !v.tags) ctx.addIssue({ code: 'custom', message: 'give recordingIds or tags', path: ['recordingIds'] });
  if (v.recordingIds && v.tags) ctx.addIssue({ code: 'custom', message: 'give recordingIds or tags, not both', path: ['tags'] });
  if (v.valTag !== undefined && v.valSplit !== undefined) {
    ctx.addIssue({ code: 'custom', message: 'give valTag or valSplit, not both', path: ['valSplit'] });
  }
}

export const TrainPreviewInput = DataOptions.superRefine(checkSource);
export const TrainStartInput = DataOptions.extend(TrainConfig.shape).strict().superRefine(checkSource);
export type TrainStartInput = z.infer<typeof TrainStartInput>;

export const TrainPreview = z.object({
  classes: z.array(z.object({ name: z.string(), train: Count, val: Count })),
  windows: z.object({ train: Count, val: Count }),
  /** Windows left out because they contain NaN (gaps). */
  skippedNaN: z.object({ train: Count, val: Count }),
  recordings: z.object({
    train: z.array(z.object({ id: Id, name: z.string() })),
    val: z.array(z.object({ id: Id, name: z.string() }))
  }),
  sampleRate: z.number(),
  channels: z.array(Channel),
  /** Window length and stride in samples; mode 'auto' = one example per segment. */
  window: z.object({ mode: z.enum(['fixed', 'auto']), length: z.number().int(), stride: z.number().int() }),
  /** Examples padded / truncated to the window length (mode 'auto'). */
  padded: Count,
  truncated: Count,
  warnings: z.array(z.string())
});
export type TrainPreview = z.infer<typeof TrainPreview>;

export const Misclassified = z.object({
  recordingId: Id,
  recordingName: z.string(),
  start: Count,
  end: Count,
  true: z.string(),
  predicted: z.string(),
  confidence: z.number()
});

export const EvalMetrics = z.object({
  count: Count,
  accuracy: z.number(),
  balancedAccuracy: z.number(),
  macroF1: z.number(),
  classes: z.array(z.string()),
  /** confusion[true][predicted], in the order of `classes`. */
  confusion: z.array(z.array(Count)),
  perClass: z.array(
    z.object({ name: z.string(), precision: z.number(), recall: z.number(), f1: z.number(), support: Count })
  ),
  misclassified: z.array(Misclassified),
  /** All misclassified windows (the list may be capped). */
  misclassifiedTotal: Count,
  skipped: z.object({ nan: Count, unknownClass: Count }),
  warnings: z.array(z.string())
});
export type EvalMetrics = z.infer<typeof EvalMetrics>;

export const EpochStats = z.object({
  epoch: z.number().int(),
  loss: z.number(),
  accuracy: z.number(),
  valLoss: z.number().nullable(),
  valAccuracy: z.number().nullable(),
  lr: z.number(),
  seconds: z.number()
});

export const TrainMetrics = z.object({
  epochs: z.number().int(),
  bestEpoch: z.number().int(),
  stoppedEarly: z.boolean(),
  train: z.object({ loss: z.number(), accuracy: z.number(), windows: Count }),
  /** Metrics of the kept (best) weights on the validation windows; null without validation. */
  validation: EvalMetrics.nullable(),
  history: z.array(EpochStats),
  skippedNaN: z.object({ train: Count, val: Count }),
  samplesPerS: z.number(),
  durationS: z.number()
});
export type TrainMetrics = z.infer<typeof TrainMetrics>;

export const Normalisation = z.object({ mean: z.array(z.number()), std: z.array(z.number()) });

export const ModelWindow = z.object({
  mode: z.enum(['fixed', 'auto']),
  length: z.number().int().positive(),
  stride: z.number().int().positive(),
  rule: z.enum(['inside', 'majority']),
  majority: z.number()
});
export type ModelWindow = z.infer<typeof ModelWindow>;

export const ModelSummary = z.object({
  id: Id,
  name: z.string(),
  arch: z.string(),
  classes: z.array(z.string()),
  channels: z.array(Channel),
  sampleRate: z.number(),
  window: ModelWindow,
  normalisation: Normalisation,
  config: z.record(z.string(), z.unknown()),
  metrics: TrainMetrics.nullable(),
  params: Count,
  backend: z.string(),
  durationS: z.number(),
  createdAt: z.string()
});
export type ModelSummary = z.infer<typeof ModelSummary>;

export const TrainResult = z.object({ model: z.object({ id: Id, name: z.string() }), metrics: TrainMetrics });
export type TrainResult = z.infer<typeof TrainResult>;

const JobStarted = z.object({ jobId: z.string() });

export const EvaluateInput = z
  .object({
    model: ModelRef,
    recordingIds: z.array(Id).min(1).optional(),
    tags: z.array(Tag).min(1).optional(),
    /** Cap of the misclassified list (the total is always reported). */
    maxMisclassified: z.number().int().min(0).max(100_000).default(1000)
  })
  .strict()
  .superRefine((v, ctx) => checkSource(v, ctx));

export const mlApi = {
  'train.preview': request(TrainPreviewInput, TrainPreview, 'Windows per class (train/val) for these data options, before training'),
  'train.start': request(TrainStartInput, JobStarted, 'Train a classifier as a job; result {model: {id, name}, metrics}'),
  'models.list': request(z.object({}).strict(), z.array(ModelSummary), 'Trained models, newest first'),
  'models.get': request(z.object({ id: ModelRef }).strict(), ModelSummary, 'One model by id or name'),
  'models.rename': request(z.object({ id: ModelRef, name: Name }).strict(), ModelSummary, 'Rename a model'),
  'models.delete': request(z.object({ id: ModelRef }).strict(), z.object({ deleted: Count }), 'Delete a model'),
  'models.export': request(
    z.object({ id: ModelRef, dir: z.string().min(1) }).strict(),
    z.object({ dir: z.string(), files: z.array(z.string()) }),
    'Write model.json + weights.bin + sensorlab.json into a folder (loads with tf.loadLayersModel)'
  ),
  'models.import': request(
    z.object({ dir: z.string().min(1), name: Name.optional() }).strict(),
    ModelSummary,
    'Import a folder written by models.export'
  ),
  'evaluate.start': request(EvaluateInput, JobStarted, 'Evaluate a model on recordings (by ids or tags) as a job; result metrics')
};
