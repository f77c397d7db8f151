import { describe, expect, it } from 'vitest';
import { ARCH_NAMES } from '../../src/shared/api/ml';
import { ARCHS } from '../../src/main/core/ml/models/config';
import { gatherBatch, DEFAULT_AUGMENT } from '../../src/main/core/ml/augment';
import { evaluationReport } from '../../src/main/core/ml/eval-report';
import { accuracyOf, balancedAccuracy, confusionMatrix, macroF1, perClassMetrics } from '../../src/main/core/ml/metrics';
import { mulberry32 } from '../../src/main/core/ml/rng';
import { TrainingMonitor } from '../../src/main/core/ml/schedule';
import { balancedWeights } from '../../src/main/core/ml/train-data';

describe('metrics', () => {
  // truth: 4×a, 2×b, 1×c ; predictions: a a a b | b a | a
  const truth = [0, 0, 0, 0, 1, 1, 2];
  const pred = [0, 0, 0, 1, 1, 0, 0];
  const names = ['a', 'b', 'c'];
  const m = confusionMatrix(truth, pred, 3);

  it('builds confusion[true][predicted]', () => {
    expect(m).toEqual([[3, 1, 0], [1, 1, 0], [1, 0, 0]]);
  });

  it('accuracy, balanced accuracy and macro-F1 match hand-computed values (scikit-learn conventions)', () => {
    expect(accuracyOf(m)).toBeCloseTo(4 / 7);
    expect(balancedAccuracy(m)).toBeCloseTo((3 / 4 + 1 / 2 + 0) / 3);
    // a: P 3/5, R 3/4 → F1 2/3; b: P 1/2, R 1/2 → 1/2; c: 0
    const per = perClassMetrics(m, names);
    expect(per[0]).toMatchObject({ name: 'a', support: 4 });
    expect(per[0].precision).toBeCloseTo(0.6);
    expect(per[0].f1).toBeCloseTo(2 / 3);
    expect(per[2]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(macroF1(m, names)).toBeCloseTo((2 / 3 + 1 / 2 + 0) / 3);
  });

  it('leaves classes absent from truth and predictions out of the macro averages', () => {
    const m2 = confusionMatrix([0, 1, 1], [0, 1, 1], 3);
    expect(balancedAccuracy(m2)).toBe(1);
    expect(macroF1(m2, names)).toBe(1);
  });

  it('reports misclassified windows with their recording, span and confidence, most confident first', () => {
    const r = evaluationReport({
      classes: ['a', 'b'],
      probs: Float32Array.from([0.9, 0.1, 0.3, 0.7, 0.2, 0.8]),
      y: Int32Array.from([0, 0, 0]),
      refs: [0, 1, 2].map((i) => ({ recordingId: 5, start: i * 10, end: i * 10 + 10, label: 'a' })),
      recordingName: () => 'walk',
      skipped: { nan: 2, unknownClass: 0 },
      maxMisclassified: 10
    });
    expect(r.accuracy).toBeCloseTo(1 / 3);
    expect(r.misclassifiedTotal).toBe(2);
    expect(r.misclassified[0]).toMatchObject({ recordingId: 5, recordingName: 'walk', start: 20, end: 30, true: 'a', predicted: 'b' });
    expect(r.misclassified[0].confidence).toBeCloseTo(0.8);
    expect(r.skipped.nan).toBe(2);
  });
});

describe('schedule and early stopping', () => {
  it('plateau halves the rate after max(3, patience/3) flat epochs and stops after `patience`', () => {
    const mon = new TrainingMonitor({ learningRate: 0.01, epochs: 100, patience: 9, schedule: 'plateau' });
    expect(mon.update(0, 1.0)).toMatchObject({ improved: true, stop: false, lr: 0.01 });
    expect(mon.update(1, 0.5).improved).toBe(true);
    const verdicts = [2, 3, 4, 5, 6, 7, 8, 9, 10].map((e) => mon.update(e, 0.6));
    expect(verdicts[1].lr).toBe(0.01);
    expect(verdicts[2].lr).toBe(0.005); // third epoch without improvement
    expect(verdicts[5].lr).toBe(0.0025);
    expect(verdicts[7].stop).toBe(false);
    expect(verdicts[8].stop).toBe(true); // ninth
    expect(mon.bestEpochNumber).toBe(2);
  });

  it('cosine goes from lr to lr/100; patience 0 never stops', () => {
    const mon = new TrainingMonitor({ learningRate: 0.01, epochs: 10, patience: 0, schedule: 'cosine' });
    expect(mon.rateFor(0)).toBeCloseTo(0.01);
    expect(mon.rateFor(5)).toBeCloseTo((0.01 + 0.0001) / 2);
    expect(mon.rateFor(10)).toBeCloseTo(0.0001);
    for (let e = 0; e < 50; e++) expect(mon.update(e, 1).stop).toBe(false);
  });
});

describe('augmentation and class weights', () => {
  const L = 20;
  const C = 2;
  const x = Float32Array.from({ length: 3 * L * C }, (_, i) => Math.sin(Math.floor(i / C) / 5 + (i % C))); // smooth series

  it('without augmentation gathers the examples exactly; with it changes the copy, never the source', () => {
    const before = x.slice();
    const plain = new Float32Array(2 * L * C);
    gatherBatch(x, [2, 0], L, C, plain, null);
    expect(Array.from(plain.subarray(0, L * C))).toEqual(Array.from(x.subarray(2 * L * C)));
    const aug = new Float32Array(2 * L * C);
    gatherBatch(x, [2, 0], L, C, aug, { rng: mulberry32(1), options: DEFAULT_AUGMENT });
    expect(Array.from(x)).toEqual(Array.from(before));
    expect(aug).not.toEqual(plain);
    const diff = aug.reduce((s, v, i) => s + Math.abs(v - plain[i]), 0) / aug.length;
    expect(diff).toBeLessThan(0.5); // light
  });

  it('balanced class weights are n / (K · n_c)', () => {
    expect(balancedWeights(Int32Array.from([0, 0, 0, 1]), 3)).toEqual([4 / 6, 2, 0]);
  });

  it('the contract lists the same architectures as the model builders', () => {
    expect([...ARCH_NAMES]).toEqual([...ARCHS]);
  });
});
