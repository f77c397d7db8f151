/**
 * The inference plan (BatchNorm folded into the convolutions, ReLU fused) computes what
 * model.predict computes, for every preset, on cpu and on wasm; it folds every Conv1D→BatchNorm pair
 * and only those; it leaks no tensors; models it cannot fold fall back to model.predict.
 */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHS, buildModel } from '../../src/main/core/ml/models';
import { compileInference } from '../../src/main/core/ml/inference-plan';
import { initWasmBackend } from '../../src/main/core/ml/wasm';

const req = createRequire(__filename);

beforeAll(async () => {
  setWasmPaths(join(dirname(req.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')), '/'));
  await initWasmBackend(tf, { threads: 1 });
  await tf.setBackend('cpu');
});
afterAll(async () => { await tf.setBackend('cpu'); });

/** Gives every BatchNorm non-trivial statistics, so that folding them is really exercised. */
function randomiseBatchNorms(model: tf.LayersModel, seed: number): void {
  let s = seed;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    layer.setWeights(layer.weights.map((w) => {
      const positive = /gamma|variance/.test(w.originalName);
      return positive ? tf.randomUniform(w.shape as number[], 0.5, 2, 'float32', s++) : tf.randomNormal(w.shape as number[], 0, 0.3, 'float32', s++);
    }));
  }
}

function maxRelDiff(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  let d = 0;
  let m = 1e-6;
  for (let i = 0; i < x.length; i++) {
    d = Math.max(d, Math.abs(x[i] - y[i]));
    m = Math.max(m, Math.abs(y[i]));
  }
  return d / m;
}

const convsFollowedByBn = (model: tf.LayersModel): number =>
  model.layers.filter((l) => l.getClassName() === 'Conv1D' && l.outboundNodes.length === 1 && l.outboundNodes[0].outboundLayer.getClassName() === 'BatchNormalization').length;

describe('compileInference', () => {
  for (const backend of ['cpu', 'wasm']) {
    for (const arch of ARCHS) {
      it(`${arch} on ${backend}: same outputs as model.predict (logits and softmax), odd and even lengths, no leaks`, async () => {
        await tf.setBackend(backend);
        for (const logits of [true, false]) {
          const model = buildModel({ arch, channels: 3, classes: 4, width: 4, length: null }, { seed: 5, logits });
          randomiseBatchNorms(model, 11);
          const plan = compileInference(model);
          expect(plan.folded).toBe(convsFollowedByBn(model));
          expect(plan.folded).toBeGreaterThan(0);
          const before = tf.memory().numTensors;
          for (const length of [33, 64]) {
            const x = tf.randomNormal([3, length, 3], 0, 1, 'float32', length);
            const want = model.predict(x) as tf.Tensor;
            const got = plan.predict(x);
            expect(got.shape).toEqual(want.shape);
            expect(maxRelDiff(got, want)).toBeLessThan(1e-4); // float rounding through up to 152 layers
            tf.dispose([x, want, got]);
          }
          expect(tf.memory().numTensors).toBe(before);
          plan.dispose();
          model.dispose();
        }
      });
    }
  }

  it('does not fold a convolution whose output is also read elsewhere, and still matches', async () => {
    await tf.setBackend('cpu');
    const input = tf.input({ shape: [20, 2] });
    const conv = tf.layers.conv1d({ filters: 3, kernelSize: 3, padding: 'same', name: 'c' }).apply(input) as tf.SymbolicTensor;
    const bn = tf.layers.batchNormalization({ name: 'bn' }).apply(conv) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([bn, conv]) as tf.SymbolicTensor;
    const conv2 = tf.layers.conv1d({ filters: 3, kernelSize: 5, strides: 2, padding: 'valid', useBias: false, name: 'c2' }).apply(sum) as tf.SymbolicTensor;
    const bn2 = tf.layers.batchNormalization({ name: 'bn2', center: false }).apply(conv2) as tf.SymbolicTensor;
    const out = tf.layers.globalAveragePooling1d().apply(tf.layers.activation({ activation: 'relu' }).apply(bn2) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    randomiseBatchNorms(model, 3);
    const plan = compileInference(model);
    expect(plan.folded).toBe(1); // c2+bn2(+relu); not c, which the Add also reads
    const x = tf.randomNormal([2, 20, 2], 0, 1, 'float32', 9);
    expect(maxRelDiff(plan.predict(x), model.predict(x) as tf.Tensor)).toBeLessThan(1e-5);
    plan.dispose();
  });

  it('falls back to model.predict for a model without Conv1D→BatchNorm pairs', async () => {
    await tf.setBackend('cpu');
    const input = tf.input({ shape: [8, 2] });
    const out = tf.layers.dense({ units: 2 }).apply(tf.layers.flatten().apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const plan = compileInference(model);
    expect(plan.folded).toBe(0);
    const x = tf.randomNormal([2, 8, 2]);
    expect(plan.predict(x).arraySync()).toEqual((model.predict(x) as tf.Tensor).arraySync());
  });
});
