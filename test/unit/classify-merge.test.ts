// From window probabilities to segments (merge.ts), the window grid (windows.ts), and the exports'
// CSV round trip (results-io.ts) with awkward file names.
import { describe, expect, it } from 'vitest';
import type { ClassifyResult } from '../../src/shared/api/classify';
import { mergeWindows, ownedSpans, windowLabels } from '../../src/main/core/classify/merge';
import { parseSegmentsCsv, segmentsCsv, summaryCsv, parseCsvRows } from '../../src/main/core/classify/results-io';
import { planWindows } from '../../src/main/core/classify/windows';

const CLASSES = ['a', 'b'];

/** Windows of length 10, stride 5, with the given winning class and probability each. */
function windows(seq: Array<[number, number]>) {
  const n = seq.length;
  const starts = Float64Array.from({ length: n }, (_, i) => 5 * i);
  const ends = Float64Array.from({ length: n }, (_, i) => 5 * i + 10);
  const probs = new Float32Array(2 * n);
  seq.forEach(([k, p], i) => {
    probs[2 * i + k] = p;
    probs[2 * i + 1 - k] = 1 - p;
  });
  return { starts, ends, probs, classes: CLASSES };
}

describe('merge', () => {
  it('gives each window the part nearest its centre (whole samples), tiling the range', () => {
    const { a, b } = ownedSpans([0, 5, 10], [10, 15, 20]);
    expect([...a]).toEqual([0, 8, 13]);
    expect([...b]).toEqual([8, 13, 20]);
  });

  it('labels windows below the minimum confidence unknown', () => {
    const w = windows([[0, 0.9], [1, 0.55]]);
    const { label } = windowLabels(w.probs, 2, 0.6);
    expect([...label]).toEqual([0, 2]);
  });

  it('merges runs of one class, with the mean probability as confidence', () => {
    const segs = mergeWindows(windows([[0, 0.9], [0, 0.7], [1, 0.8], [1, 0.6]]), { minConfidence: 0, minDuration: 0 });
    expect(segs.map((s) => [s.start, s.end, s.label])).toEqual([[0, 13, 'a'], [13, 25, 'b']]);
    expect(segs[0].confidence).toBeCloseTo(0.8, 5);
    expect(segs[1].confidence).toBeCloseTo(0.7, 5);
  });

  it('absorbs flickers shorter than the minimum duration into their neighbours', () => {
    const w = windows([[0, 0.9], [0, 0.9], [0, 0.9], [1, 0.9], [0, 0.9], [0, 0.9], [0, 0.9]]);
    expect(mergeWindows(w, { minConfidence: 0, minDuration: 0 }).map((s) => s.label)).toEqual(['a', 'b', 'a']);
    const merged = mergeWindows(w, { minConfidence: 0, minDuration: 6 });
    expect(merged.map((s) => [s.start, s.end, s.label])).toEqual([[0, 40, 'a']]);
  });
});

describe('planWindows', () => {
  it('slides by the stride and adds one window flush with the end', () => {
    const g = planWindows(25, 10, 7, 'fixed');
    expect([...g.starts]).toEqual([0, 7, 14, 15]);
    expect([...g.ends]).toEqual([10, 17, 24, 25]);
    expect(() => planWindows(9, 10, 5, 'fixed')).toThrow(/9 samples, fewer than the model's window of 10/);
    expect([...planWindows(37, 10, 5, 'auto').ends]).toEqual([37]);
  });
});

function result(keys: string[]): ClassifyResult {
  return {
    model: { id: 1, name: 'm', classes: CLASSES, sampleRate: 10, window: 10, stride: 5, mode: 'fixed' },
    options: { minConfidence: 0, minDurationS: 0 },
    items: keys.map((key, i) => ({
      file: key, index: 0, ofFile: 1, key, name: `n${i}`, recordingId: null, sampleRate: 10, numSamples: 40, durationS: 4, windows: 7, skippedWindows: 0,
      segments: [
        { startSample: 0, endSample: 13, startS: 0, endS: 1.3, label: 'a', confidence: 0.912345678 },
        { startSample: 13, endSample: 40, startS: 1.3, endS: 4, label: 'unknown', confidence: 0.4 }
      ],
      perClass: [{ label: 'a', seconds: 1.3, fraction: 0.325 }, { label: 'unknown', seconds: 2.7, fraction: 0.675 }],
      dominant: 'unknown', meanConfidence: 0.6, truth: null, warnings: ['w, "quoted"']
    })),
    failed: [{ file: '/x/bad, "one".csv', code: 'INVALID_FILE', message: 'line 3: not a number' }],
    metrics: null,
    stats: { files: 3, windows: 14, seconds: 1, windowsPerS: 14, filesPerS: 3, predictS: 0.5, backend: null }
  };
}

describe('results CSV', () => {
  it('round-trips segments whose file names hold commas, quotes and spaces', () => {
    const keys = ['/data/a,b.csv', '/data/say "hi".csv', ' /lead space.csv'];
    const rows = parseSegmentsCsv(segmentsCsv(result(keys)));
    expect(rows.map((r) => r.file)).toEqual(keys.flatMap((k) => [k, k]));
    expect(rows[0]).toEqual({ file: keys[0], startS: 0, endS: 1.3, label: 'a', confidence: 0.912346 });
    expect(rows[1].label).toBe('unknown');
  });

  it('writes one summary row per recording and per failed file, with seconds per class', () => {
    const rows = parseCsvRows(summaryCsv(result(['/d/one.csv'])));
    expect(rows[0]).toEqual(['file', 'name', 'recording_id', 'status', 'duration_s', 'windows', 'dominant', 'mean_confidence', 'accuracy', 'a_s', 'b_s', 'unknown_s', 'error']);
    expect(rows[1].slice(0, 4)).toEqual(['/d/one.csv', 'n0', '', 'ok']);
    expect(rows[1].slice(9, 12)).toEqual(['1.3', '0', '2.7']);
    expect(rows[1][12]).toBe('w, "quoted"');
    expect(rows[2][0]).toBe('/x/bad, "one".csv');
    expect(rows[2][3]).toBe('failed');
    expect(rows[2][12]).toBe('INVALID_FILE: line 3: not a number');
  });

  it('rejects a CSV that is not a segments export', () => {
    expect(() => parseSegmentsCsv('a,b\n1,2\n')).toThrow(/header must be file,start_s,end_s,label,confidence/);
    expect(() => parseSegmentsCsv('file,start_s,end_s,label,confidence\nx,zero,1,a,0.5\n')).toThrow(/line 2/);
  });
});
