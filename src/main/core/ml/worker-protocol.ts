// The messages between the main process and the ML worker, and the plain data they carry. Arrays
// travel as typed arrays (transferred, not copied); cancellation is a shared Int32 flag the worker
// reads between batches, so it works even while the worker's event loop is busy.
import type { BackendInfo } from '../../../shared/domain';
import type { ErrorEnvelope } from '../../../shared/errors';

export type ArchName = 'resnet18' | 'resnet34' | 'resnet50' | 'resnet101' | 'resnet152' | 'tsc';

/** A Layers model as TensorFlow.js saves it (model.json's topology, the weight specs and the bytes). */
export interface SerializedModel {
  modelTopology: unknown;
  weightSpecs: Array<{ name: string; shape: number[]; dtype: string }>;
  weightData: ArrayBuffer;
}

export interface ExampleSet {
  /** [n, length, channels], channels last, already normalised. */
  x: Float32Array;
  y: Int32Array;
  n: number;
}

export interface TrainSpec {
  arch: ArchName;
  width?: number;
  classes: number;
  channels: number;
  length: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  lrSchedule: 'plateau' | 'cosine' | 'constant';
  augment: boolean;
  /** Per-class loss weights, or null for unweighted. */
  classWeights: number[] | null;
  seed: number;
}

export interface TrainRequest {
  spec: TrainSpec;
  train: ExampleSet;
  val: ExampleSet | null;
}

export interface TrainProgress {
  phase: 'batch' | 'epoch';
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Running mean over the epoch so far. */
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  lr: number;
  samplesPerS: number;
  etaS: number | null;
  /** tf.memory().numTensors at the end of the epoch (phase 'epoch'). */
  numTensors: number;
  backend: string;
  device: string;
  /** The last finished epoch (so an epoch's figures survive progress throttling). */
  lastEpoch: EpochRecord | null;
  /** Every finished epoch so far: a throttled listener that missed events still sees them all. */
  history: EpochRecord[];
}

export interface EpochRecord {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  lr: number;
  seconds: number;
}

export interface TrainOutput {
  model: SerializedModel;
  history: EpochRecord[];
  bestEpoch: number;
  stoppedEarly: boolean;
  /** Softmax outputs of the kept weights on the validation set, [n, classes]; null without validation. */
  valProbs: Float32Array | null;
  samplesPerS: number;
  params: number;
  backend: BackendInfo;
}

export interface PredictRequest {
  model: SerializedModel;
  /** Cache key: the worker keeps the last model loaded under it. */
  modelKey?: string;
  x: Float32Array;
  n: number;
  length: number;
  channels: number;
  batchSize?: number;
}

export interface ModelShape {
  inputShape: Array<number | null>;
  outputShape: Array<number | null>;
  params: number;
}

/** Test hook: make the worker die while training (after `afterBatches` batches). */
export interface CrashHook {
  how: 'throw' | 'exit' | 'oom';
  afterBatches: number;
}

export type ToWorker =
  | { type: 'backend'; id: number }
  | { type: 'train'; id: number; req: TrainRequest; cancel: SharedArrayBuffer }
  | { type: 'predict'; id: number; req: PredictRequest; cancel: SharedArrayBuffer }
  | { type: 'inspect'; id: number; model: SerializedModel };

export type FromWorker =
  | { type: 'progress'; id: number; progress: TrainProgress }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: ErrorEnvelope };

export interface WorkerData {
  crash?: CrashHook;
}
