import { describe, expect, it } from 'vitest';
import { TrainPreviewInput, TrainStartInput } from '../../src/shared/api/ml';
import {
  buildDataOptions,
  buildStartInput,
  defaultFormValues,
  type TrainFormValues
} from '../../src/renderer/src/lib/state/train-options';

const form = (patch: Partial<TrainFormValues> = {}): TrainFormValues => ({ ...defaultFormValues(), tags: ['demo'], ...patch });

describe('Train form → train.preview / train.start inputs', () => {
  it('builds data options the contract accepts, by tags with a validation split', () => {
    const b = buildDataOptions(form({ window: 100, stride: 50 }));
    expect(b).toEqual({ ok: true, input: { unit: 'samples', rule: 'inside', tags: ['demo'], valSplit: 0.25, window: 100, stride: 50 } });
    if (b.ok) expect(TrainPreviewInput.safeParse(b.input).success).toBe(true);
  });

  it('uses picked recordings, a validation tag, auto windows and a seed', () => {
    const b = buildDataOptions(form({ source: 'recordings', recordingIds: [3, 1], valMode: 'tag', valTag: ' TEST ', windowMode: 'auto', seed: 7 }));
    expect(b.ok && b.input).toEqual({ unit: 'samples', rule: 'inside', recordingIds: [3, 1], valTag: 'TEST', window: 'auto', seed: 7 });
    if (b.ok) expect(TrainPreviewInput.safeParse(b.input).success).toBe(true);
  });

  it('leaves the stride to the core when empty and sends no validation with "none"', () => {
    const b = buildDataOptions(form({ valMode: 'none', stride: null, unit: 'seconds', window: 2.5 }));
    expect(b.ok && b.input).toEqual({ unit: 'seconds', rule: 'inside', tags: ['demo'], window: 2.5 });
  });

  it('says what is missing or wrong instead of sending a bad request', () => {
    const none = buildDataOptions(form({ tags: [] }));
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.errors.join(' ')).toMatch(/at least one tag/);
    const picked = buildDataOptions(form({ source: 'recordings', recordingIds: [] }));
    expect(!picked.ok && picked.errors.join(' ')).toMatch(/at least one recording/);
    const bad = buildDataOptions(form({ window: 0, stride: -1, valSplit: 0.95, valMode: 'split', seed: 1.5 }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors).toHaveLength(4);
    const frac = buildDataOptions(form({ window: 10.5 }));
    expect(!frac.ok && frac.errors.join(' ')).toMatch(/whole numbers/);
    expect(buildDataOptions(form({ valMode: 'tag', valTag: '  ' })).ok).toBe(false);
  });

  it('builds a start input the contract accepts, with width and name only when given', () => {
    const b = buildStartInput(form({ arch: 'tsc', width: 8, epochs: 2, batchSize: 16, learningRate: 0.01, name: ' tiny ' }));
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    expect(b.input).toMatchObject({ arch: 'tsc', width: 8, epochs: 2, batchSize: 16, learningRate: 0.01, name: 'tiny', augment: true, classWeights: true });
    const parsed = TrainStartInput.safeParse(b.input);
    expect(parsed.success).toBe(true);
    const plain = buildStartInput(form());
    expect(plain.ok && 'width' in plain.input).toBe(false);
    expect(plain.ok && 'name' in plain.input).toBe(false);
  });

  it('rejects bad hyper-parameters (including empty number fields, which bind as null)', () => {
    const b = buildStartInput(form({ width: 0, epochs: null as unknown as number, batchSize: 1.5, learningRate: 0, patience: -1 }));
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.errors).toHaveLength(5);
    const both = buildStartInput(form({ tags: [], epochs: 0 }));
    expect(!both.ok && both.errors.length).toBe(2);
  });
});
