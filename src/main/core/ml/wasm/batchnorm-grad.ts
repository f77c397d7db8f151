// The gradient of FusedBatchNorm (tf.batchNorm; tfjs-layers' BatchNormalization) in two passes.
// tfjs-core's generic gradient builds it from ~12 full-size ops, one of them a Tile of the inverse
// standard deviation to the input's size: 20 % of a ResNet training step on WASM went to that Tile.
// Here one pass sums dy and dy·(x − mean) per channel, a second writes dx = dy·scale/σ.
//
// For channel c with σ = sqrt(var + ε), g = scale (1 without one), over the reduced elements:
//   d offset = Σ dy        d scale = Σ dy·(x − mean)/σ
//   d mean   = −g/σ · Σ dy d var   = −g/(2σ³) · Σ dy·(x − mean)        dx = g/σ · dy
// (mean and variance are inputs here; when they come from tf.moments, their gradients flow on.)
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Info } from './kernel-scope';

export const BATCH_NORM_GRAD_KERNEL = 'SensorLabFusedBatchNormGrad';

/** Kernel: inputs {x, dy, mean, variance, scale?}; outputs [dx, dMean, dVariance, dScale, dOffset]. */
export const batchNormGradKernel: tf.KernelConfig = {
  kernelName: BATCH_NORM_GRAD_KERNEL,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const b = backend as BackendWasm;
    const { x, dy, mean, variance, scale } = inputs as Record<string, Info | undefined> & {
      x: Info;
      dy: Info;
      mean: Info;
      variance: Info;
    };
    const eps = (attrs as { varianceEpsilon: number }).varianceEpsilon;
    const C = mean.shape[0];
    const M = tf.util.sizeFromShape(x.shape) / C;
    const outs = [b.makeOutput(x.shape, 'float32')];
    for (let i = 0; i < 4; i++) outs.push(b.makeOutput([C], 'float32'));
    // Views only now: the allocations above may have grown the heap.
    const v = (t: Info): Float32Array => b.typedArrayFromHeap(t) as Float32Array;
    const [xv, dyv, mv, vv] = [v(x), v(dy), v(mean), v(variance)];
    const gv = scale ? v(scale) : null;
    const [dx, dMean, dVar, dScale, dOffset] = outs.map(v);

    const sdy = new Float64Array(C);
    const sdyx = new Float64Array(C);
    for (let i = 0, o = 0; i < M; i++, o += C) {
      for (let c = 0; c < C; c++) {
        const g = dyv[o + c];
        sdy[c] += g;
        sdyx[c] += g * (xv[o + c] - mv[c]);
      }
    }
    const k = new Float32Array(C);
    for (let c = 0; c < C; c++) {
      const r = 1 / Math.sqrt(vv[c] + eps);
      const g = gv ? gv[c] : 1;
      k[c] = g * r;
      dOffset[c] = sdy[c];
      dScale[c] = sdyx[c] * r;
      dMean[c] = -g * r * sdy[c];
      dVar[c] = -0.5 * g * r * r * r * sdyx[c];
    }
    for (let i = 0, o = 0; i < M; i++, o += C) {
      for (let c = 0; c < C; c++) dx[o + c] = dyv[o + c] * k[c];
    }
    return outs;
  }
};

/**
 * FusedBatchNorm's gradient: ours on 'wasm' for per-channel (rank-1) statistics, tfjs-core's
 * (`stock`) everywhere else, so other backends keep their stock behaviour.
 */
export function fusedBatchNormGradConfig(stock: tf.GradConfig): tf.GradConfig {
  return {
    kernelName: 'FusedBatchNorm',
    inputsToSave: stock.inputsToSave ?? ['x', 'mean', 'variance', 'scale'],
    outputsToSave: stock.outputsToSave,
    saveAllInputs: stock.saveAllInputs,
    gradFunc: (dy, saved, attrs) => {
      const [x, mean, variance, scale] = saved;
      const ours =
        tf.getBackend() === 'wasm' &&
        !Array.isArray(dy) &&
        dy.dtype === 'float32' &&
        x.dtype === 'float32' &&
        mean.rank === 1 &&
        variance.rank === 1 &&
        (scale == null || scale.rank === 1) &&
        x.shape[x.rank - 1] === mean.shape[0];
      if (!ours) return stock.gradFunc(dy, saved, attrs);
      // Computed here, not inside a thunk: the engine runs each thunk in its own tidy, which would
      // dispose the outputs the other thunks return. Unused ones go with the backward pass's tidy.
      const inputs: tf.NamedTensorMap = { x, dy: dy as tf.Tensor, mean, variance };
      if (scale != null) inputs.scale = scale;
      const outs = tf.engine().runKernel(BATCH_NORM_GRAD_KERNEL, inputs, attrs) as tf.Tensor[];
      const all = (): tf.Tensor[] => outs;
      return {
        x: () => all()[0],
        mean: () => all()[1],
        variance: () => all()[2],
        scale: () => all()[3],
        offset: () => all()[4]
      };
    }
  };
}
