import { describe, expect, it } from 'vitest';
import type { Recording } from '../../src/shared/domain';
import { fitExample, planRecording, resolveGeometry, type LabelledSpan, type WindowGeometry } from '../../src/main/core/ml/window-plan';
import { readWindows, type SampleSource } from '../../src/main/core/ml/window-reader';
import { channelStats, normaliseInPlace } from '../../src/main/core/ml/normalise';

const fixed = (length: number, stride: number, rule: 'inside' | 'majority' = 'inside', majority = 0.5): WindowGeometry => ({
  mode: 'fixed', length, stride, rule, majority
});

describe('window planning', () => {
  const spans: LabelledSpan[] = [
    { start: 0, end: 100, label: 'a' },
    { start: 100, end: 130, label: 'b' },
    { start: 200, end: 260, label: 'a' }
  ];

  it('inside rule: counts windows inside each segment from its start and skips short segments', () => {
    const p = planRecording(1, 300, spans, fixed(40, 20));
    // a[0,100): starts 0,20,40,60 → 4; b[100,130) is shorter than 40 → 0; a[200,260): 200,220 → 2
    expect(p.windows.map((w) => [w.start, w.label])).toEqual([[0, 'a'], [20, 'a'], [40, 'a'], [60, 'a'], [200, 'a'], [220, 'a']]);
    expect(p.shortSegments).toBe(1);
    expect(p.windows.every((w) => w.end - w.start === 40)).toBe(true);
  });

  it('majority rule: slides over the recording and keeps windows where one class covers ≥ the fraction', () => {
    const p = planRecording(1, 300, spans, fixed(40, 20, 'majority', 0.6));
    // [80,120): a 20, b 20 → tie, out. [100,140): b 30 (75%) → b. [120,160): b 10 → out. [180,220): a 20 (50%) → out.
    const got = p.windows.map((w) => `${w.start}:${w.label}`);
    expect(got).toEqual(['0:a', '20:a', '40:a', '60:a', '100:b', '200:a', '220:a']);
  });

  it('auto mode: one example per labelled segment', () => {
    const p = planRecording(7, 300, spans, { mode: 'auto', length: 100, stride: 100, rule: 'inside', majority: 0.5 });
    expect(p.windows).toEqual(spans.map((s) => ({ recordingId: 7, ...s })));
  });

  it('resolves seconds, default stride, and auto length from the longest training segment', () => {
    expect(resolveGeometry({ window: 2, stride: null, unit: 'seconds', rule: 'inside', majority: 0.5 }, 50, [])).toMatchObject({ mode: 'fixed', length: 100, stride: 50 });
    expect(resolveGeometry({ window: 64, stride: 8, unit: 'samples', rule: 'inside', majority: 0.5 }, 50, [])).toMatchObject({ length: 64, stride: 8 });
    expect(resolveGeometry({ window: 'auto', stride: null, unit: 'samples', rule: 'inside', majority: 0.5 }, 50, [30, 96, 70])).toMatchObject({ mode: 'auto', length: 96 });
    expect(() => resolveGeometry({ window: null, stride: null, unit: 'samples', rule: 'inside', majority: 0.5 }, 50, [])).toThrow(/no labelled segments/);
    expect(() => resolveGeometry({ window: 'auto', stride: null, unit: 'samples', rule: 'inside', majority: 0.5 }, 50, [1e6])).toThrow(/give a window length/);
  });

  it('pads short examples at the end and centre-crops long ones', () => {
    expect(fitExample(30, 40)).toEqual({ srcOffset: 0, count: 30, padded: true, truncated: false });
    expect(fitExample(50, 40)).toEqual({ srcOffset: 5, count: 40, padded: false, truncated: true });
    expect(fitExample(40, 40)).toEqual({ srcOffset: 0, count: 40, padded: false, truncated: false });
  });
});

describe('window reading', () => {
  const rec = { id: 1, name: 'r', numSamples: 100, channels: [{ name: 'x', unit: '' }, { name: 'y', unit: '' }] } as Recording;
  const x = Float32Array.from({ length: 100 }, (_, i) => i);
  const y = Float32Array.from({ length: 100 }, (_, i) => -i);
  x[55] = NaN;
  const source: SampleSource = { read: (_r, _c, s, e) => [x.slice(s, e), y.slice(s, e)] };

  it('lays windows out channels-last, skips and counts windows with NaN, and leaves unknown classes out', () => {
    const windows = [
      { recordingId: 1, start: 0, end: 4, label: 'a' },
      { recordingId: 1, start: 52, end: 56, label: 'a' }, // holds the NaN
      { recordingId: 1, start: 60, end: 64, label: 'b' },
      { recordingId: 1, start: 70, end: 74, label: 'zzz' }
    ];
    const set = readWindows(source, new Map([[1, rec]]), windows, 4, new Map([['a', 0], ['b', 1]]));
    expect(set.n).toBe(2);
    expect(set.skippedNaN).toBe(1);
    expect(set.unknownClass).toBe(1);
    expect(Array.from(set.y)).toEqual([0, 1]);
    expect(Array.from(set.x.subarray(0, 8))).toEqual([0, -0, 1, -1, 2, -2, 3, -3]);
    expect(set.refs.map((r) => r.start)).toEqual([0, 60]);
  });

  it('pads auto-mode examples with NaN, which statistics ignore and normalisation turns into 0', () => {
    const set = readWindows(source, new Map([[1, rec]]), [{ recordingId: 1, start: 10, end: 13, label: 'a' }], 5, new Map([['a', 0]]));
    expect(set.padded).toBe(1);
    expect(Number.isNaN(set.x[6]) && Number.isNaN(set.x[9])).toBe(true);
    const stats = channelStats(set.x, 2);
    expect(stats.mean[0]).toBeCloseTo(11);
    expect(stats.mean[1]).toBeCloseTo(-11);
    expect(stats.std[0]).toBeCloseTo(Math.sqrt(2 / 3));
    normaliseInPlace(set.x, stats);
    expect(Array.from(set.x.subarray(6))).toEqual([0, 0, 0, 0]);
    expect(set.x[0]).toBeCloseTo(-1 / Math.sqrt(2 / 3));
  });
});
