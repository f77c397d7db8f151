/**
 * Pure `config -> tf.LayersModel` builders for the 1-D classifiers.
 *
 * Input [batch, time, channels] (time may be null = any length), output [batch, classes].
 * Head: global average pool -> Dense `fc` (the logits) -> Softmax layer `softmax`.
 * Logits: choose either
 *   - `buildModel(cfg, { logits: true })`: the same network without the final `softmax` layer, or
 *   - `logitsModel(model)`: a model sharing the weights of a softmax model, ending at `fc`.
 * Only built-in tfjs layers are used, so `model.save()` output loads with plain `tf.loadLayersModel`.
 * Training mode (BatchNorm on batch statistics): `model.apply(x, { training: true })`; note that this
 * also updates the BatchNorm moving statistics, as PyTorch's train mode does.
 * PyTorch weights: see `loadTorchStateDict` in torch-weights.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveConfig, type ModelConfig } from './config';
import { BuildContext, dense, softmax } from './layers-1d';
import { resnetFeatures } from './resnet';
import { tscFeatures } from './tsc';

export { ARCHS, isArch, presets, resolveConfig, RESNET_DEPTHS } from './config';
export type { Arch, BlockKind, ModelConfig, Preset, ResolvedConfig } from './config';
export { loadTorchStateDict, torchKeyTarget } from './torch-weights';
export type { TorchStateDict, TorchTensor, WeightTarget } from './torch-weights';

export interface BuildOptions {
  /** Output the pre-softmax logits (no `softmax` layer). Default false: softmax probabilities. */
  logits?: boolean;
  /** Seed for the weight initialisers (deterministic weights); default random. */
  seed?: number;
}

/** Name of the Dense layer that outputs the logits. */
export const LOGITS_LAYER = 'fc';
/** Name of the final softmax layer (absent with `logits: true`). */
export const SOFTMAX_LAYER = 'softmax';

export function buildModel(cfg: ModelConfig, opts: BuildOptions = {}): tf.LayersModel {
  const c = resolveConfig(cfg);
  const ctx = new BuildContext(opts.seed);
  const input = tf.input({ shape: [c.length, c.channels], name: 'input', dtype: 'float32' });
  const features = c.arch === 'tsc'
    ? tscFeatures(ctx, input, c.channels, c.width)
    : resnetFeatures(ctx, input, c.arch, c.width);
  const logits = dense(ctx, features, c.classes, LOGITS_LAYER);
  const output = opts.logits ? logits : softmax(logits, SOFTMAX_LAYER);
  return tf.model({ inputs: input, outputs: output, name: `${c.arch}_w${c.width}` });
}

/**
 * A model that shares every weight with `model` and outputs the logits of layer `fc`.
 * Returns `model` itself when it already ends at `fc`. Disposing either disposes the shared weights.
 */
export function logitsModel(model: tf.LayersModel): tf.LayersModel {
  const fc = model.getLayer(LOGITS_LAYER);
  if (model.outputs.length === 1 && model.outputs[0] === fc.output) return model;
  const out = fc.output;
  if (Array.isArray(out)) throw new Error('logitsModel: layer fc has several outputs');
  return tf.model({ inputs: model.inputs, outputs: out, name: `${model.name}_logits` });
}

export interface ParamCounts {
  /** Trainable weights (as PyTorch `parameters()`). */
  trainable: number;
  /** Non-trainable weights: the BatchNorm moving mean and variance (PyTorch running stats). */
  nonTrainable: number;
  total: number;
}

export function countParams(model: tf.LayersModel): ParamCounts {
  const size = (ws: tf.LayerVariable[]): number =>
    ws.reduce((n, w) => n + w.shape.reduce<number>((a, d) => a * (d ?? 0), 1), 0);
  const trainable = size(model.trainableWeights);
  const nonTrainable = size(model.nonTrainableWeights);
  return { trainable, nonTrainable, total: trainable + nonTrainable };
}
