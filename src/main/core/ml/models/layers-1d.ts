/**
 * Conv helpers for 1-D models that reproduce PyTorch's padding with built-in tfjs layers only.
 *
 * Tensors are [batch, time, channels]. PyTorch pads symmetrically with zeros; tfjs 'same' padding puts
 * the odd extra pad on the right and depends on the input length at stride 2, so:
 *  - stride 1, odd kernel, padding (k-1)/2: tfjs 'same' pads (k-1)/2 on both sides: identical, used as is;
 *  - PyTorch padding='same' at stride 1 (tsc's kernel 8): both pad floor((k-1)/2) left, the rest right
 *    (3 left, 4 right): identical, tfjs 'same' used as is;
 *  - stride 2 with padding > 0 (stem conv, stem max-pool, the first 3-tap conv of a downsampling block):
 *    explicit zero padding, then a 'valid' conv / pool.
 * tfjs 4.22 has no ZeroPadding1D layer, so explicit padding is Reshape [L,C]->[L,1,C], ZeroPadding2D
 * [[left,right],[0,0]], Reshape back: all built-in, so a saved model.json loads in plain TensorFlow.js.
 *
 * Max-pool: PyTorch pads max-pool with -inf, ZeroPadding pads 0. The only max-pool (the stem's) follows a
 * ReLU, so every value is >= 0 and every window holds at least one real value: max(0, v...) = max(v...).
 * maxPool1dAfterRelu is therefore only correct on non-negative input (tested in models-parity.test.ts).
 *
 * BatchNorm: epsilon 1e-5 and Keras momentum 0.9 (= PyTorch momentum 0.1). Difference kept: tfjs updates
 * the moving variance with the biased batch variance, PyTorch with the unbiased one (factor n/(n-1),
 * n = batch x time). Outputs in both modes are identical.
 *
 * Initialisation (torchvision style): conv kernels He normal over fan-out (kaiming_normal_, relu); conv
 * biases zero; Dense kernel and bias uniform(+-1/sqrt(fan_in)) as nn.Linear; BN gamma 1, beta 0.
 */
import * as tf from '@tensorflow/tfjs';

export type ST = tf.SymbolicTensor;

/** Seeds for the initialisers: deterministic weights when `seed` is set, random otherwise. */
export class BuildContext {
  private count = 0;
  constructor(private readonly seed: number | undefined) {}
  nextSeed(): number | undefined {
    if (this.seed === undefined) return undefined;
    this.count += 1;
    return this.seed + this.count * 7919;
  }
}

function channelsOf(x: ST): number {
  const c = x.shape[x.shape.length - 1];
  if (c == null) throw new Error(`layers-1d: channel count of ${x.name} is unknown`);
  return c;
}

function one(out: tf.SymbolicTensor | tf.SymbolicTensor[] | tf.Tensor | tf.Tensor[]): ST {
  if (!(out instanceof tf.SymbolicTensor)) throw new Error('layers-1d: expected one symbolic tensor');
  return out;
}

/** Symmetric (or any) zero padding along time with built-in layers; names `${name}_2d`, `${name}`, `${name}_1d`. */
export function zeroPad1d(x: ST, left: number, right: number, name: string): ST {
  const c = channelsOf(x);
  const as2d = one(tf.layers.reshape({ targetShape: [-1, 1, c], name: `${name}_2d` }).apply(x));
  const padded = one(tf.layers.zeroPadding2d({ padding: [[left, right], [0, 0]], name }).apply(as2d));
  return one(tf.layers.reshape({ targetShape: [-1, c], name: `${name}_1d` }).apply(padded));
}

export interface ConvSpec {
  name: string;
  filters: number;
  kernel: number;
  stride?: number;
  /** PyTorch padding: a number of zeros on each side, or 'same' (stride 1 only). Default 0. */
  padding?: number | 'same';
  bias?: boolean;
}

/** Conv1d with PyTorch padding semantics; kernel [k, in, out]. */
export function conv1d(ctx: BuildContext, x: ST, spec: ConvSpec): ST {
  const stride = spec.stride ?? 1;
  const pad = spec.padding ?? 0;
  let input = x;
  let tfPadding: 'same' | 'valid' = 'valid';
  if (pad === 'same') {
    if (stride !== 1) throw new Error(`layers-1d: ${spec.name}: padding 'same' needs stride 1`);
    tfPadding = 'same';
  } else if (pad > 0) {
    if (stride === 1 && 2 * pad === spec.kernel - 1) tfPadding = 'same';
    else input = zeroPad1d(x, pad, pad, `${spec.name}_pad`);
  }
  const layer = tf.layers.conv1d({
    name: spec.name,
    filters: spec.filters,
    kernelSize: spec.kernel,
    strides: stride,
    padding: tfPadding,
    useBias: spec.bias ?? false,
    kernelInitializer: tf.initializers.varianceScaling({
      scale: 2, mode: 'fanOut', distribution: 'normal', seed: ctx.nextSeed()
    }),
    biasInitializer: 'zeros'
  });
  return one(layer.apply(input));
}

export function batchNorm(x: ST, name: string): ST {
  return one(tf.layers.batchNormalization({ name, axis: -1, epsilon: 1e-5, momentum: 0.9 }).apply(x));
}

export function relu(x: ST, name: string): ST {
  return one(tf.layers.activation({ activation: 'relu', name }).apply(x));
}

export function add(a: ST, b: ST, name: string): ST {
  return one(tf.layers.add({ name }).apply([a, b]));
}

/** MaxPool1d(pool, stride, padding) of PyTorch, valid ONLY for input >= 0 (see the header). */
export function maxPool1dAfterRelu(x: ST, pool: number, stride: number, padding: number, name: string): ST {
  const input = padding > 0 ? zeroPad1d(x, padding, padding, `${name}_pad`) : x;
  return one(tf.layers.maxPooling1d({ name, poolSize: pool, strides: stride, padding: 'valid' }).apply(input));
}

export function globalAvgPool(x: ST, name: string): ST {
  return one(tf.layers.globalAveragePooling1d({ name }).apply(x));
}

/** nn.Linear: kernel [in, out], kernel and bias uniform(+-1/sqrt(in)). */
export function dense(ctx: BuildContext, x: ST, units: number, name: string): ST {
  const fanIn = channelsOf(x);
  const bound = 1 / Math.sqrt(fanIn);
  return one(tf.layers.dense({
    name,
    units,
    kernelInitializer: tf.initializers.varianceScaling({
      scale: 1 / 3, mode: 'fanIn', distribution: 'uniform', seed: ctx.nextSeed()
    }),
    biasInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: ctx.nextSeed() })
  }).apply(x));
}

export function softmax(x: ST, name: string): ST {
  return one(tf.layers.softmax({ name, axis: -1 }).apply(x));
}
