// SensorLab's fast WASM kernels (src/main/core/ml/wasm) against the pure-JS cpu backend: the 1-D
// convolution gradients, BatchNorm's gradient and Tile on small random shapes, and the gradients of
// whole tiny models. Each check also asserts that the kernel that ran on 'wasm' is ours.
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_WASM_KERNELS, initWasmBackend, isFastWasmKernel } from '../../src/main/core/ml/wasm';
import { buildModel } from '../../src/main/core/ml/models';

const req = createRequire(__filename);
const TOL = 1e-4;

/** Largest |a − b| over max(1, max |b|): a relative error that ignores elements near zero. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return Number.isFinite(diff) ? diff / scale : Infinity;
}

/** Runs `f` on wasm and on cpu (inputs copied from the same values); returns both results' data. */
async function onBoth(inputs: tf.Tensor[], f: (...xs: tf.Tensor[]) => tf.Tensor[]): Promise<{ wasm: Float32Array[]; cpu: Float32Array[]; kernels: string[] }> {
  const values = await Promise.all(inputs.map((t) => t.data()));
  const run = async (backend: string): Promise<{ out: Float32Array[]; kernels: string[] }> => {
    await tf.setBackend(backend);
    let out: Float32Array[] = [];
    const prof = await tf.profile(async () => {
      const outs = tf.tidy(() => f(...inputs.map((t, i) => tf.tensor(values[i], t.shape, t.dtype))));
      out = (await Promise.all(outs.map((t) => t.data()))) as Float32Array[];
      tf.dispose(outs);
    });
    return { out, kernels: prof.kernels.map((k) => k.name) };
  };
  const w = await run('wasm');
  const c = await run('cpu');
  await tf.setBackend('wasm');
  return { wasm: w.out, cpu: c.out, kernels: w.kernels };
}

function seeded(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

beforeAll(async () => {
  setWasmPaths(join(dirname(req.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')), '/'));
  // One thread: the kernels are the same code with threads; a pool would only slow this small test.
  const init = await initWasmBackend(tf, { threads: 1 });
  expect(init.fastKernels).toBe(true);
  expect(tf.getBackend()).toBe('wasm');
});

describe('fast WASM kernels are registered', () => {
  it('every kernel of the module is ours on wasm, and none is registered for cpu', () => {
    for (const name of FAST_WASM_KERNELS) {
      expect(isFastWasmKernel(name), name).toBe(true);
    }
    expect(tf.getKernel('SensorLabFusedBatchNormGrad', 'cpu')).toBeUndefined();
  });
});

describe('1-D convolution gradients match the cpu backend', () => {
  type Case = { L: number; K: number; s: number; pad: 'same' | 'valid' | number; Ci: number; Co: number };
  /** tf.conv1d, or for a numeric pad (zeros on both ends of time only) tf.conv2d with explicit padding. */
  const conv = (x: tf.Tensor, w: tf.Tensor, s: number, pad: Case['pad']): tf.Tensor => {
    if (typeof pad !== 'number') return tf.conv1d(x as tf.Tensor3D, w as tf.Tensor3D, s, pad);
    const [n, l, c] = x.shape;
    const explicit: tf.backend_util.ExplicitPadding = [[0, 0], [0, 0], [pad, pad], [0, 0]];
    const y = tf.conv2d(x.reshape([n, 1, l, c]) as tf.Tensor4D, w.expandDims(0) as tf.Tensor4D, [1, s], explicit);
    return y.reshape([n, y.shape[2], y.shape[3]]);
  };
  const cases: Case[] = [];
  for (const K of [1, 3, 5, 7, 8]) {
    for (const s of [1, 2]) {
      for (const L of [11, 12]) {
        cases.push({ L, K, s, pad: 'same', Ci: 3, Co: 5 });
        if (K <= L) cases.push({ L, K, s, pad: 'valid', Ci: 4, Co: 2 });
      }
    }
  }
  // Explicit symmetric padding, as PyTorch's stem (k7 s2 p3) and downsampling 3-tap convs (k3 s2 p1).
  cases.push({ L: 20, K: 7, s: 2, pad: 3, Ci: 3, Co: 8 }, { L: 9, K: 3, s: 2, pad: 1, Ci: 6, Co: 4 }, { L: 5, K: 3, s: 3, pad: 0, Ci: 2, Co: 3 });

  it.each(cases)('L=$L K=$K stride=$s pad=$pad $Ci→$Co', async ({ L, K, s, pad, Ci, Co }) => {
    const x = seeded([3, L, Ci], L * 31 + K);
    const w = seeded([K, Ci, Co], K * 17 + s);
    const outLen = conv(x, w, s, pad).shape[1];
    const dy = seeded([3, outLen as number, Co], 7);
    const res = await onBoth([x, w, dy], (xi, wi, dyi) =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) => conv(a, b, s, pad).mul(dyi).sum())([xi, wi])
    );
    tf.dispose([x, w, dy]);
    expect(relErr(res.wasm[0], res.cpu[0]), 'dx').toBeLessThan(TOL);
    expect(relErr(res.wasm[1], res.cpu[1]), 'dw').toBeLessThan(TOL);
    // The gradients on wasm came from the (registered, ours) backprop kernels.
    expect(res.kernels).toContain('Conv2DBackpropInput');
    expect(res.kernels).toContain('Conv2DBackpropFilter');
  });

  it('the kernels called directly agree with cpu (no gradient machinery in between)', async () => {
    const x = seeded([2, 1, 13, 4], 1);
    const dy = seeded([2, 1, 7, 6], 2);
    const filter = seeded([1, 5, 4, 6], 3);
    const attrs = { strides: [1, 2], pad: 'same', dataFormat: 'NHWC', dimRoundingMode: undefined } as unknown as tf.NamedAttrMap;
    const res = await onBoth([x, dy, filter], (xi, dyi, fi) => [
      tf.engine().runKernel('Conv2DBackpropFilter', { x: xi, dy: dyi }, { ...attrs, filterShape: [1, 5, 4, 6] }) as tf.Tensor,
      tf.engine().runKernel('Conv2DBackpropInput', { dy: dyi, filter: fi }, { ...attrs, inputShape: [2, 1, 13, 4] }) as tf.Tensor
    ]);
    tf.dispose([x, dy, filter]);
    expect(relErr(res.wasm[0], res.cpu[0])).toBeLessThan(TOL);
    expect(relErr(res.wasm[1], res.cpu[1])).toBeLessThan(TOL);
  });

  it('dilated convolutions are refused by TensorFlow.js gradients on every backend (not a wasm gap)', () => {
    const x = seeded([1, 9, 2], 4);
    const w = seeded([3, 2, 2], 5);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv1d(a as tf.Tensor3D, b as tf.Tensor3D, 1, 'same', 'NWC', 2).sum());
    expect(() => g([x, w])).toThrow(/dilation/i);
    tf.dispose([x, w]);
  });
});

describe('BatchNorm gradient and Tile match the cpu backend', () => {
  // Without a scale, tfjs-core 4.22 itself fails to record FusedBatchNorm for the gradient (it clones
  // the missing input) on every backend, so only the case the models use (with gamma) is tested.
  it.each([
    { shape: [4, 9, 3] },
    { shape: [2, 5, 1, 6] }
  ])('batchNorm with batch statistics, shape $shape', async ({ shape }) => {
    const C = shape[shape.length - 1];
    const x = seeded(shape, 11);
    const gamma = seeded([C], 12).add(1);
    const beta = seeded([C], 13);
    const dy = seeded(shape, 14);
    const res = await onBoth([x, gamma, beta, dy], (xi, g, b, dyi) => {
      const f = (a: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor): tf.Tensor => {
        const axes = shape.slice(0, -1).map((_, i) => i);
        const m = tf.moments(a, axes);
        return tf.batchNorm(a, m.mean, m.variance, bb, gg, 1e-5).mul(dyi).sum();
      };
      return tf.grads(f)([xi, g, b]);
    });
    tf.dispose([x, gamma, beta, dy]);
    const names = ['dx', 'dgamma', 'dbeta'];
    res.wasm.forEach((v, i) => expect(relErr(v, res.cpu[i]), names[i]).toBeLessThan(TOL));
    expect(res.kernels).toContain('SensorLabFusedBatchNormGrad');
  });

  it.each([
    { shape: [3, 1, 4], reps: [2, 5, 1] },
    { shape: [2, 3], reps: [1, 4] },
    { shape: [5], reps: [3] }
  ])('tile $shape by $reps', async ({ shape, reps }) => {
    const x = seeded(shape, 21);
    const res = await onBoth([x], (xi) => [tf.tile(xi, reps)]);
    x.dispose();
    expect(relErr(res.wasm[0], res.cpu[0])).toBe(0);
    expect(res.kernels).toContain('Tile');
  });
});

describe('whole-model gradients match the cpu backend', () => {
  it.each([
    { arch: 'tsc' as const, width: 4, length: 19, channels: 2 },
    { arch: 'resnet18' as const, width: 4, length: 40, channels: 3 }
  ])('$arch width $width, length $length', async ({ arch, width, length, channels }) => {
    const net = buildModel({ arch, channels, classes: 3, length, width }, { logits: true, seed: 5 });
    const x = seeded([4, length, channels], 31);
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3);
    const grads = async (backend: string): Promise<{ values: Float32Array[]; kernels: string[] }> => {
      await tf.setBackend(backend);
      let values: Float32Array[] = [];
      const prof = await tf.profile(async () => {
        const { grads: g } = tf.variableGrads(
          () => tf.losses.softmaxCrossEntropy(labels, net.apply(x, { training: true }) as tf.Tensor) as tf.Scalar
        );
        const ordered = net.trainableWeights.map((v) => g[(v.read() as tf.Variable).name]);
        values = (await Promise.all(ordered.map((t) => t.data()))) as Float32Array[];
        tf.dispose(Object.values(g));
      });
      return { values, kernels: prof.kernels.map((k) => k.name) };
    };
    const w = await grads('wasm');
    const c = await grads('cpu');
    await tf.setBackend('wasm');
    net.dispose();
    tf.dispose([x, labels]);
    expect(w.values.length).toBeGreaterThan(10);
    w.values.forEach((v, i) => expect(relErr(v, c.values[i]), `weight ${i}`).toBeLessThan(TOL));
    for (const k of ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'SensorLabFusedBatchNormGrad']) expect(w.kernels).toContain(k);
  });
});
