import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src/shared/domain';
import { curveData, EpochTracker, formatEta, readBatchStatus, runFraction } from '../../src/renderer/src/lib/state/train-progress';

type Ev = Pick<JobInfo, 'progress' | 'result' | 'state'>;

/** A job event carrying the trainer's progress (TrainProgress of src/main/core/ml/worker-protocol.ts). */
function ev(extra: Record<string, unknown>, state: JobInfo['state'] = 'running', result?: unknown): Ev {
  return { state, result, progress: { done: 0, total: null, unit: 'batches', extra } };
}

const batch = (epoch: number, b: number, loss: number, accuracy: number) =>
  ev({ phase: 'batch', epoch, epochs: 3, batch: b, batches: 4, loss, accuracy, valLoss: null, valAccuracy: null, samplesPerS: 120, etaS: 9, backend: 'wasm', device: 'CPU' });
const epochEnd = (epoch: number, loss: number, accuracy: number, valLoss: number, valAccuracy: number) =>
  ev({ phase: 'epoch', epoch, epochs: 3, batch: 4, batches: 4, loss, accuracy, valLoss, valAccuracy, samplesPerS: 110, etaS: 5, backend: 'wasm', device: 'CPU' });

describe('following a training job', () => {
  it('reads the batch status (samples/s, ETA, backend) from progress.extra', () => {
    const s = readBatchStatus(batch(2, 1, 0.9, 0.5));
    expect(s).toMatchObject({ phase: 'batch', epoch: 2, epochs: 3, batch: 1, batches: 4, samplesPerS: 120, etaS: 9, backend: 'wasm', device: 'CPU' });
    expect(runFraction(s!)).toBeCloseTo((1 + 0.25) / 3);
    expect(readBatchStatus(ev({}))).toBeNull();
    expect(readBatchStatus({ progress: { done: 0, total: null, unit: '' } })).toBeNull();
  });

  it('records one point per epoch event, with validation numbers', () => {
    const t = new EpochTracker();
    expect(t.update(batch(1, 1, 1.5, 0.3))).toBe(false);
    expect(t.update(epochEnd(1, 1.2, 0.4, 1.3, 0.35))).toBe(true);
    expect(t.update(batch(2, 1, 1.0, 0.5))).toBe(false);
    expect(t.epochs).toEqual([{ epoch: 1, loss: 1.2, accuracy: 0.4, valLoss: 1.3, valAccuracy: 0.35 }]);
  });

  it('keeps an epoch whose epoch event was overtaken by the next batch (throttled events)', () => {
    const t = new EpochTracker();
    t.update(batch(1, 4, 1.1, 0.45));
    expect(t.update(batch(2, 1, 0.9, 0.6))).toBe(true);
    expect(t.epochs).toEqual([{ epoch: 1, loss: 1.1, accuracy: 0.45, valLoss: null, valAccuracy: null }]);
    // An unfinished epoch seen last at batch 2 of 4 is not made a point.
    const u = new EpochTracker();
    u.update(batch(1, 2, 1.1, 0.45));
    expect(u.update(batch(2, 1, 0.9, 0.6))).toBe(false);
    expect(u.epochs).toEqual([]);
  });

  it('records the last finished epoch carried by every event, validation numbers included', () => {
    const t = new EpochTracker();
    t.update(batch(1, 4, 1.1, 0.45));
    // The epoch event of epoch 1 is lost; the next batch carries it as lastEpoch.
    const next = batch(2, 1, 0.9, 0.6);
    next.progress.extra!.lastEpoch = { epoch: 1, loss: 1.05, accuracy: 0.47, valLoss: 1.2, valAccuracy: 0.4, lr: 0.001, seconds: 2 };
    expect(t.update(next)).toBe(true);
    expect(t.epochs).toEqual([{ epoch: 1, loss: 1.05, accuracy: 0.47, valLoss: 1.2, valAccuracy: 0.4 }]);
    // The same record again changes nothing; a malformed one is ignored.
    expect(t.update(next)).toBe(false);
    const bad = batch(2, 2, 0.8, 0.6);
    bad.progress.extra!.lastEpoch = { epoch: 'x' };
    expect(t.update(bad)).toBe(false);
    expect(t.epochs).toHaveLength(1);
  });

  it('takes the full history of the result when the job is done, and ignores later events', () => {
    const t = new EpochTracker();
    t.update(batch(1, 4, 1.1, 0.45));
    const history = [
      { epoch: 1, loss: 1.1, accuracy: 0.45, valLoss: 1.2, valAccuracy: 0.4, lr: 0.001, seconds: 1 },
      { epoch: 2, loss: 0.8, accuracy: 0.7, valLoss: 0.9, valAccuracy: 0.6, lr: 0.001, seconds: 1 }
    ];
    expect(t.update(ev({}, 'done', { model: { id: 1, name: 'm' }, metrics: { history } }))).toBe(true);
    expect(t.complete).toBe(true);
    expect(t.epochs.map((p) => p.valAccuracy)).toEqual([0.4, 0.6]);
    expect(t.update(epochEnd(3, 0.1, 0.9, 0.1, 0.9))).toBe(false);
    expect(curveData(t.epochs, 'loss')).toEqual([[1, 2], [1.1, 0.8], [1.2, 0.9]]);
    expect(curveData(t.epochs, 'accuracy')).toEqual([[1, 2], [0.45, 0.7], [0.4, 0.6]]);
  });

  it('follows the history every progress event carries: epochs missed by throttling appear, an unchanged one redraws nothing', () => {
    const t = new EpochTracker();
    const rec = (epoch: number, loss: number) => ({ epoch, loss, accuracy: 0.5, valLoss: loss + 0.1, valAccuracy: 0.4, lr: 0.001, seconds: 1 });
    const withHistory = (epoch: number, history: unknown[]) =>
      ev({ ...batch(epoch, 1, 0.9, 0.5).progress.extra, lastEpoch: history[history.length - 1] ?? null, history });
    expect(t.update(withHistory(2, [rec(1, 1.2)]))).toBe(true);
    // Epochs 2 and 3 finished between two throttled events: both arrive with the next one.
    expect(t.update(withHistory(4, [rec(1, 1.2), rec(2, 1.0), rec(3, 0.8)]))).toBe(true);
    expect(t.epochs.map((p) => [p.epoch, p.loss, p.valLoss])).toEqual([[1, 1.2, 1.3], [2, 1.0, 1.1], [3, 0.8, 0.9]]);
    expect(t.update(withHistory(4, [rec(1, 1.2), rec(2, 1.0), rec(3, 0.8)]))).toBe(false);
    expect(t.complete).toBe(false);
  });

  it('formats the ETA', () => {
    expect(formatEta(null)).toBe('—');
    expect(formatEta(Infinity)).toBe('—');
    expect(formatEta(42.4)).toBe('42 s');
    expect(formatEta(125)).toBe('2 min 5 s');
    expect(formatEta(3 * 3600 + 60 * 7)).toBe('3 h 7 min');
  });
});
