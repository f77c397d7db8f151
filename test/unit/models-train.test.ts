/**
 * Tiny-overfit checks: small models must fit 8 examples with arbitrary labels to 100% accuracy in
 * inference mode (moving BN statistics) within a bounded number of Adam steps, without leaking tensors.
 * cpu backend (wasm has no Conv2DBackpropFilter); its filter gradient is slow (~0.4 s a tsc step), so
 * the series are short.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { buildModel, type ModelConfig } from '../../src/main/core/ml/models/index';

beforeAll(async () => { await tf.setBackend('cpu'); });

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n noisy random walks with labels unrelated to content (every class present): memorisation only. */
function dataset(n: number, length: number, channels: number, classes: number, seed: number) {
  const r = rng(seed);
  const xs = new Float32Array(n * length * channels);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < channels; c++) {
      let v = 0;
      for (let t = 0; t < length; t++) {
        v = 0.8 * v + (r() - 0.5) * 2;
        xs[(i * length + t) * channels + c] = v;
      }
    }
  }
  const labels = Array.from({ length: n }, (_, i) => i % classes);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [labels[i], labels[j]] = [labels[j], labels[i]]; }
  return { x: tf.tensor3d(xs, [n, length, channels]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), classes), labels };
}

function accuracy(model: tf.LayersModel, x: tf.Tensor, labels: number[]): number {
  const pred = tf.tidy(() => (model.predict(x) as tf.Tensor).argMax(-1));
  const p = pred.dataSync();
  pred.dispose();
  return labels.filter((l, i) => p[i] === l).length / labels.length;
}

async function fitsWithin(cfg: ModelConfig, length: number, maxSteps: number, seed: number): Promise<number> {
  const model = buildModel(cfg, { seed });
  const { x, y, labels } = dataset(8, length, cfg.channels, cfg.classes, seed);
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  let steps = 0;
  let afterFirst = 0;
  try {
    while (steps < maxSteps) {
      await model.trainOnBatch(x, y);
      steps += 1;
      if (steps === 1) afterFirst = tf.memory().numTensors; // Adam slots exist from here on
      if (steps % 5 === 0 && accuracy(model, x, labels) === 1) break;
    }
    expect(tf.memory().numTensors).toBe(afterFirst);
    expect(accuracy(model, x, labels)).toBe(1);
    return steps;
  } finally {
    tf.dispose([x, y]);
    model.optimizer.dispose();
    model.dispose();
  }
}

it('tsc (width 8) memorises 8 examples of 4 classes to 100% inference accuracy within 200 Adam steps', async () => {
  const t0 = performance.now();
  const steps = await fitsWithin({ arch: 'tsc', channels: 3, classes: 4, width: 8 }, 24, 200, 21);
  console.log(`tsc w8: ${steps} steps, ${(performance.now() - t0).toFixed(0)} ms`);
  expect(steps).toBeLessThanOrEqual(200);
});

it('resnet18 (width 4) memorises 8 examples of 3 classes to 100% inference accuracy within 200 Adam steps', async () => {
  const t0 = performance.now();
  const steps = await fitsWithin({ arch: 'resnet18', channels: 2, classes: 3, width: 4 }, 48, 200, 5);
  console.log(`resnet18 w4: ${steps} steps, ${(performance.now() - t0).toFixed(0)} ms`);
  expect(steps).toBeLessThanOrEqual(200);
});
