// Pure parts of training: the learning-rate schedule and early stopping, balanced class weights,
// and batch gathering (augmentation only when asked, seeded).
import { describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENT, gatherBatch } from '../../src/main/core/ml/augment';
import { mulberry32 } from '../../src/main/core/ml/rng';
import { TrainingMonitor } from '../../src/main/core/ml/schedule';
import { balancedWeights } from '../../src/main/core/ml/train-data';

describe('learning-rate schedule and early stopping', () => {
  it('plateau: halves the rate after max(3, patience/3) epochs without improvement, never below lr/100', () => {
    const m = new TrainingMonitor({ learningRate: 0.01, epochs: 100, patience: 0, schedule: 'plateau' });
    expect(m.update(0, 1).improved).toBe(true);
    const rates = Array.from({ length: 40 }, (_, e) => m.update(e + 1, 2).lr);
    // patience 0 → plateau patience 5: halvings after epochs 5, 10, 15…
    expect(rates[3]).toBe(0.01);
    expect(rates[4]).toBe(0.005);
    expect(rates[9]).toBe(0.0025);
    expect(Math.min(...rates)).toBeCloseTo(0.0001, 10);
    expect(rates.every((r) => r >= 0.0001)).toBe(true);
  });

  it('cosine: from lr down towards lr/100 over the epochs', () => {
    const m = new TrainingMonitor({ learningRate: 0.01, epochs: 10, patience: 0, schedule: 'cosine' });
    expect(m.rateFor(0)).toBeCloseTo(0.01, 12);
    expect(m.rateFor(5)).toBeCloseTo((0.01 + 0.0001) / 2, 12);
    expect(m.rateFor(9)).toBeLessThan(0.0005);
    const c = new TrainingMonitor({ learningRate: 0.01, epochs: 10, patience: 0, schedule: 'constant' });
    expect(c.update(0, 1).lr).toBe(0.01);
  });

  it('stops after `patience` epochs without an improvement and remembers the best epoch', () => {
    const m = new TrainingMonitor({ learningRate: 0.001, epochs: 50, patience: 3, schedule: 'constant' });
    const losses = [1, 0.8, 0.5, 0.6, 0.55, 0.50005, 0.7];
    const stops = losses.map((l, e) => m.update(e, l).stop);
    expect(stops).toEqual([false, false, false, false, false, true, true]);
    expect(m.bestEpochNumber).toBe(3); // 0.50005 is not better by more than 1e-4
    expect(m.bestLoss).toBe(0.5);
    const off = new TrainingMonitor({ learningRate: 0.001, epochs: 50, patience: 0, schedule: 'constant' });
    expect(Array.from({ length: 30 }, (_, e) => off.update(e, 1).stop).some(Boolean)).toBe(false);
  });
});

describe('class weights and batches', () => {
  it('balanced weights n / (K · n_c); absent classes get 0', () => {
    expect(balancedWeights(Int32Array.from([0, 0, 0, 1]), 2)).toEqual([4 / 6, 2]);
    expect(balancedWeights(Int32Array.from([0, 2, 2, 2]), 3)).toEqual([2, 0, 4 / 6]);
  });

  it('gathers examples unchanged without augmentation, and augments (seeded) only when asked', () => {
    const length = 10;
    const channels = 2;
    // Smooth series (a shift of one step changes little): example e, step t, channel c.
    const x = Float32Array.from({ length: 3 * length * channels }, (_, i) => Math.sin(0.2 * (Math.floor(i / channels) % length) + (i % channels) + Math.floor(i / (length * channels))));
    const plain = new Float32Array(2 * length * channels);
    gatherBatch(x, [2, 0], length, channels, plain, null);
    expect(Array.from(plain.subarray(0, 20))).toEqual(Array.from(x.subarray(40, 60)));
    expect(Array.from(plain.subarray(20))).toEqual(Array.from(x.subarray(0, 20)));
    const a = new Float32Array(plain.length);
    const b = new Float32Array(plain.length);
    gatherBatch(x, [2, 0], length, channels, a, { rng: mulberry32(5), options: DEFAULT_AUGMENT });
    gatherBatch(x, [2, 0], length, channels, b, { rng: mulberry32(5), options: DEFAULT_AUGMENT });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(plain));
    // Light: the augmented batch stays close to the original in correlation.
    let dot = 0;
    let na = 0;
    let np = 0;
    for (let i = 0; i < a.length; i++) {
      dot += a[i] * plain[i];
      na += a[i] * a[i];
      np += plain[i] * plain[i];
    }
    expect(dot / Math.sqrt(na * np)).toBeGreaterThan(0.8);
  });
});
