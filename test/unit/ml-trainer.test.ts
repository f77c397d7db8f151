// The training loop of src/main/core/ml/trainer.ts on the real backend (wasm here; SENSORLAB_BACKEND
// may force one): memorising 8 examples, no tensor leaks across epochs, cancel before the next batch,
// early stopping that keeps the best epoch's weights.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MlEngine } from '../../src/main/core/ml/engine';
import type { TrainProgress, TrainRequest, TrainSpec } from '../../src/main/core/ml/worker-protocol';
import { rng } from '../helpers/temp';

const engine = new MlEngine();
let backend = '';
beforeAll(async () => {
  backend = (await engine.backend()).backend;
});

/** n random walks of `length` × `channels`, labels i % classes shuffled (memorisation only). */
function randomSet(n: number, length: number, channels: number, classes: number, seed: number) {
  const r = rng(seed);
  const x = new Float32Array(n * length * channels);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < channels; c++) {
      let v = 0;
      for (let t = 0; t < length; t++) {
        v = 0.8 * v + (r() - 0.5) * 2;
        x[(i * length + t) * channels + c] = v;
      }
    }
  }
  const y = Int32Array.from({ length: n }, (_, i) => i % classes);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [y[i], y[j]] = [y[j], y[i]];
  }
  return { x, y, n };
}

function spec(over: Partial<TrainSpec>): TrainSpec {
  return {
    arch: 'tsc', width: 8, classes: 4, channels: 2, length: 24, epochs: 10, batchSize: 4, learningRate: 0.01,
    patience: 0, lrSchedule: 'constant', augment: false, classWeights: null, seed: 7, ...over
  };
}

function run(req: TrainRequest, opts: { cancelAfter?: number; onProgress?: (p: TrainProgress) => void; afterBatch?: (n: number) => void } = {}) {
  let batches = 0;
  return engine.train(
    req,
    () => opts.cancelAfter !== undefined && batches >= opts.cancelAfter,
    (p) => opts.onProgress?.(p),
    (n) => {
      batches = n;
      opts.afterBatch?.(n);
    }
  );
}

function crossEntropy(probs: Float32Array, y: Int32Array, classes: number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s -= Math.log(Math.max(probs[i * classes + y[i]], 1e-12));
  return s / y.length;
}

describe('trainer', () => {
  it('memorises 8 examples of 4 classes to 100 % (inference mode) and reports per-batch and per-epoch progress', async () => {
    const set = randomSet(8, 24, 2, 4, 3);
    const phases = { batch: 0, epoch: 0 };
    let last: TrainProgress | null = null;
    const out = await run(
      { spec: spec({ epochs: 30, batchSize: 8, learningRate: 0.02 }), train: set, val: set },
      { onProgress: (p) => { phases[p.phase]++; last = p; } }
    );
    expect(out.history.length).toBe(30);
    expect(phases).toEqual({ batch: 30, epoch: 30 });
    // valProbs come from the kept weights on the (unaugmented) training examples, in inference mode.
    const pred = Array.from({ length: 8 }, (_, i) => {
      const row = Array.from(out.valProbs!.subarray(i * 4, i * 4 + 4));
      return row.indexOf(Math.max(...row));
    });
    expect(pred).toEqual(Array.from(set.y));
    expect(out.history[out.bestEpoch - 1].valAccuracy).toBe(1);
    const p = last as unknown as TrainProgress;
    expect(p.backend).toBe(backend);
    expect(p.samplesPerS).toBeGreaterThan(0);
    expect(p.etaS).toBe(0);
    expect(out.params).toBeGreaterThan(0);
    expect(out.model.weightSpecs.length).toBeGreaterThan(0);
  });

  it('keeps tf.memory().numTensors flat across epochs and frees everything at the end', async () => {
    const set = randomSet(12, 20, 1, 2, 5);
    const val = randomSet(6, 20, 1, 2, 6);
    const before = tf.memory().numTensors;
    const perEpoch: number[] = [];
    await run(
      { spec: spec({ epochs: 6, channels: 1, classes: 2, length: 20, augment: true, classWeights: [1, 2], patience: 50, lrSchedule: 'plateau' }), train: set, val },
      { onProgress: (p) => { if (p.phase === 'epoch') perEpoch.push(p.numTensors); } }
    );
    expect(perEpoch.length).toBe(6);
    // From epoch 2 on (Adam's slots and the best-weights copy exist after epoch 1) nothing grows.
    expect(new Set(perEpoch.slice(1)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cancels before the next batch: no batch runs after the flag is set, and nothing leaks', async () => {
    const set = randomSet(40, 16, 1, 2, 8);
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    await expect(
      run({ spec: spec({ epochs: 5, channels: 1, classes: 2, length: 16 }), train: set, val: null }, { cancelAfter: 3, afterBatch: (n) => seen.push(n) })
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen).toEqual([1, 2, 3]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops early on validation loss and keeps the best epoch\'s weights', async () => {
    // Random labels: the training set is memorised, the validation loss only grows after a while.
    const set = randomSet(16, 20, 1, 2, 11);
    const val = randomSet(16, 20, 1, 2, 12);
    const out = await run({ spec: spec({ epochs: 40, channels: 1, classes: 2, length: 20, learningRate: 0.01, patience: 4 }), train: set, val });
    expect(out.stoppedEarly).toBe(true);
    expect(out.history.length).toBe(out.bestEpoch + 4);
    const losses = out.history.map((h) => h.valLoss as number);
    expect(Math.min(...losses)).toBeCloseTo(losses[out.bestEpoch - 1], 6);
    // The returned model is the best epoch's, not the last one's.
    expect(crossEntropy(out.valProbs!, val.y, 2)).toBeCloseTo(losses[out.bestEpoch - 1], 3);
    expect(Math.abs(losses[losses.length - 1] - losses[out.bestEpoch - 1])).toBeGreaterThan(1e-3);
  });

  it('repeats a run exactly with the same seed', async () => {
    const set = randomSet(8, 16, 1, 2, 21);
    const a = await run({ spec: spec({ epochs: 2, channels: 1, classes: 2, length: 16, augment: true }), train: set, val: null });
    const b = await run({ spec: spec({ epochs: 2, channels: 1, classes: 2, length: 16, augment: true }), train: set, val: null });
    expect(b.history.map((h) => h.loss)).toEqual(a.history.map((h) => h.loss));
  });
});
