// Windows, splits and normalisation on a real SQLite library (no TensorFlow.js involved).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../src/main/cli/io';
import type { Core } from '../../src/main/core';
import { channelStats } from '../../src/main/core/ml/normalise';
import { prepareTrainingData } from '../../src/main/core/ml/train-data';
import { testCore } from '../helpers/core';
import { addRecordings, type SyntheticRecording } from '../helpers/store';
import { rng, tempDir } from '../helpers/temp';

let core: Core;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  core = testCore(t.dir);
});
afterEach(async () => {
  await core.close();
  cleanup();
});

/** n samples, two channels, offset added; one segment per class of 100 samples. */
function rec(name: string, offset: number, tags: string[], labels = ['a', 'b'], extra: Partial<SyntheticRecording> = {}): SyntheticRecording {
  const r = rng(name.length * 7 + offset);
  const n = labels.length * 100;
  const ch = [Float32Array.from({ length: n }, () => offset + r()), Float32Array.from({ length: n }, () => 2 * offset + r())];
  return { name, channels: ch, segments: labels.map((l, i) => [i * 100, i * 100 + 100, l] as [number, number, string]), tags, ...extra };
}

describe('splits never leak', () => {
  it('val-split holds out whole recordings (seeded, stratified): no window of a validation recording is trained on', () => {
    addRecordings(core.store, Array.from({ length: 10 }, (_, i) => rec(`r${i}`, 0, ['p'], i % 2 ? ['a', 'a', 'b'] : ['b', 'b', 'a'])));
    const d = prepareTrainingData(core.store, { tags: ['p'], valSplit: 0.3, window: 20, stride: 10, unit: 'samples', rule: 'inside', majority: 0.5, seed: 4 });
    const trainIds = new Set(d.train.refs.map((w) => w.recordingId));
    const valIds = new Set(d.val!.refs.map((w) => w.recordingId));
    expect([...trainIds].filter((id) => valIds.has(id))).toEqual([]);
    expect(valIds.size).toBe(d.preview.recordings.val.length);
    expect(d.preview.recordings.val.length).toBe(4); // round(0.3 × 5) per main class
    expect(d.preview.recordings.train.length + d.preview.recordings.val.length).toBe(10);
    // 9 windows per 100-sample segment, 3 segments per recording
    expect(d.train.n).toBe(6 * 27);
    const again = prepareTrainingData(core.store, { tags: ['p'], valSplit: 0.3, window: 20, stride: 10, unit: 'samples', rule: 'inside', majority: 0.5, seed: 4 });
    expect(again.preview.recordings).toEqual(d.preview.recordings);
  });

  it('val-tag splits by tag (UCR TRAIN/TEST) and recordings must carry every selected tag', async () => {
    addRecordings(core.store, [
      rec('tr1', 0, ['Gun', 'TRAIN']), rec('tr2', 0, ['Gun', 'TRAIN']), rec('te1', 0, ['Gun', 'TEST']), rec('other', 0, ['Arrow', 'TRAIN'])
    ]);
    const p = await call(core, 'train.preview', { tags: ['Gun'], valTag: 'TEST', window: 50, stride: 50 });
    expect(p.recordings.train.map((r) => r.name)).toEqual(['tr1', 'tr2']);
    expect(p.recordings.val.map((r) => r.name)).toEqual(['te1']);
    expect(p.classes).toEqual([{ name: 'a', train: 4, val: 2 }, { name: 'b', train: 4, val: 2 }]);
    const both = await call(core, 'train.preview', { tags: ['Gun', 'TRAIN'], valSplit: 0, window: 50, stride: 50 });
    expect(both.recordings.train.map((r) => r.name)).toEqual(['tr1', 'tr2']);
    await expect(call(core, 'train.preview', { tags: ['Gun'], valTag: 'NOPE', window: 50 })).rejects.toThrow(/validation tag "NOPE"/);
    await expect(call(core, 'train.preview', { tags: ['Nothing'] })).rejects.toThrow(/no recording carries/);
  });
});

describe('data checks', () => {
  it('normalisation statistics come from the training recordings only', () => {
    addRecordings(core.store, [rec('t1', 0, ['s', 'TRAIN']), rec('t2', 0, ['s', 'TRAIN']), rec('v1', 100, ['s', 'TEST'])]);
    const d = prepareTrainingData(core.store, { tags: ['s'], valTag: 'TEST', window: 25, stride: 25, unit: 'samples', rule: 'inside', majority: 0.5 });
    // Re-read the raw training windows and compare.
    const raw = core.store.recordings.list(['s', 'TRAIN']).flatMap((r) => {
      const [a, b] = core.store.samples.read(r, [0, 1], 0, 200);
      return Array.from(a).flatMap((v, i) => [v, b[i]]);
    });
    const expected = channelStats(Float32Array.from(raw), 2);
    expect(d.normalisation.mean[0]).toBeCloseTo(expected.mean[0], 5);
    expect(d.normalisation.mean[1]).toBeCloseTo(expected.mean[1], 5);
    expect(d.normalisation.std[0]).toBeCloseTo(expected.std[0], 5);
    expect(d.normalisation.mean[0]).toBeLessThan(1); // the offset-100 validation recording is not in it
    // Validation windows are normalised with the training statistics: far from 0.
    expect(d.val!.x[0]).toBeGreaterThan(50);
  });

  it('skips and counts windows with NaN; refuses mixed sample rates and channel sets, naming the recordings', async () => {
    const gap = rec('gappy', 0, ['g']);
    gap.channels[1][30] = NaN;
    addRecordings(core.store, [gap, rec('fine', 0, ['g'])]);
    const p = await call(core, 'train.preview', { tags: ['g'], valSplit: 0, window: 20, stride: 20 });
    expect(p.skippedNaN).toEqual({ train: 1, val: 0 });
    expect(p.windows.train).toBe(19);
    expect(p.warnings.join(' ')).toMatch(/1 window\(s\) containing NaN/);

    addRecordings(core.store, [rec('fast', 0, ['mix'], ['a'], { sampleRate: 100 }), rec('slow', 0, ['mix'], ['b'], { sampleRate: 50 })]);
    await expect(call(core, 'train.preview', { tags: ['mix'], window: 20 })).rejects.toThrow(/different sample rates — 100 Hz: fast \(\d+\); 50 Hz: slow/);
    const three = rec('three', 0, ['ch']);
    three.channels.push(new Float32Array(200));
    addRecordings(core.store, [three, rec('two', 0, ['ch'])]);
    await expect(call(core, 'train.preview', { tags: ['ch'], window: 20 })).rejects.toThrow(/different channel sets — \[ch0, ch1, ch2\]: three/);
  });

  it("window 'auto': one example per case, the longest training case sets the length, shorter ones are padded", async () => {
    const cases = [90, 100, 80].map((n, i) => ({
      name: `case${i}`,
      channels: [Float32Array.from({ length: n }, (_, t) => Math.sin(t))],
      segments: [[0, n, i % 2 ? 'x' : 'y']] as Array<[number, number, string]>,
      tags: ['ucr', i === 2 ? 'TEST' : 'TRAIN']
    }));
    addRecordings(core.store, cases);
    const p = await call(core, 'train.preview', { tags: ['ucr'], valTag: 'TEST', window: 'auto' });
    expect(p.window).toEqual({ mode: 'auto', length: 100, stride: 100 });
    expect(p.windows).toEqual({ train: 2, val: 1 });
    expect(p.padded).toBe(2);
  });
});
