// The Classify view's pure helpers: form → classify.start input, progress readout, timeline geometry.
import { describe, expect, it } from 'vitest';
import { ClassifyInput } from '../../src/shared/api/classify';
import type { JobInfo } from '../../src/shared/domain';
import { buildStart, classColor, defaultForm, formatDuration, readProgress, splitPaths, timeline, toPredictions } from '../../src/renderer/src/lib/state/classify-view';

describe('buildStart', () => {
  it('needs a model and something to classify', () => {
    const r = buildStart(defaultForm());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join(' ')).toMatch(/Choose a model.*Add files/);
  });

  it('builds an input the contract accepts, leaving empty fields to the defaults', () => {
    const r = buildStart({ ...defaultForm(), modelId: 3, paths: ' /a/x.csv \n\n/b\r\n', stride: '32', minConfidence: '0.6', minDurationS: '1.5' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input).toMatchObject({ model: 3, paths: ['/a/x.csv', '/b'], stride: 32, minConfidence: 0.6, minDurationS: 1.5, resample: false });
    expect('sampleRate' in r.input).toBe(false);
    const parsed = ClassifyInput.parse(r.input);
    expect(parsed.minDurationS).toBe(1.5);
    const lib = buildStart({ ...defaultForm(), modelId: 1, tags: ['demo'] });
    expect(lib.ok && ClassifyInput.parse(lib.input).tags).toEqual(['demo']);
  });

  it('names each bad option', () => {
    const r = buildStart({ ...defaultForm(), modelId: 1, paths: '/x', stride: '2.5', minConfidence: '1.2', minDurationS: '-1', sampleRate: 'fast' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(4);
    expect(r.errors[0]).toMatch(/Stride .*"2.5"/);
    expect(r.errors[1]).toMatch(/Minimum confidence must be between 0 and 1/);
    expect(r.errors[2]).toMatch(/Minimum duration/);
    expect(r.errors[3]).toMatch(/Sample rate/);
  });

  it('splits paths by line', () => {
    expect(splitPaths('a\n  b  \r\n\nc')).toEqual(['a', 'b', 'c']);
  });
});

function job(partial: Partial<JobInfo['progress']>, state: JobInfo['state'] = 'running'): JobInfo {
  return {
    id: 'j1', kind: 'classify', title: 't', state, startedAt: '', finishedAt: null, result: null, error: null,
    progress: { done: 0, total: 0, unit: 'files', ...partial }
  } as unknown as JobInfo;
}

describe('readProgress', () => {
  it('reads files, windows/s, ETA and the fraction from the job', () => {
    const r = readProgress(job({ done: 3, total: 10, message: 'x.csv (4/10)', extra: { windowsPerS: 812.4, etaS: 42, fraction: 0.35, failed: 1 } }));
    expect(r).toEqual({ filesDone: 3, filesTotal: 10, windowsPerS: 812.4, etaS: 42, fraction: 0.35, failed: 1, message: 'x.csv (4/10)' });
  });

  it('falls back to files done when the job gives no fraction, and is full when done', () => {
    expect(readProgress(job({ done: 1, total: 4 })).fraction).toBe(0.25);
    expect(readProgress(job({ done: 1, total: 4, extra: { etaS: null } })).etaS).toBeNull();
    expect(readProgress(job({ done: 4, total: 4, extra: { fraction: 0.9 } }, 'done')).fraction).toBe(1);
  });
});

describe('timeline and predictions', () => {
  const seg = (startS: number, endS: number, label: string) => ({ startSample: startS * 10, endSample: endS * 10, startS, endS, label, confidence: 0.8 });

  it('places segments in percent of the duration, clipped to it', () => {
    const t = timeline({ durationS: 20, segments: [seg(0, 5, 'a'), seg(5, 25, 'b')] });
    expect(t.map((x) => [x.left, x.width])).toEqual([[0, 25], [25, 75]]);
  });

  it('gives the viewer sample spans with labels and confidences', () => {
    expect(toPredictions({ segments: [seg(1, 2, 'walk')] })).toEqual([{ startSample: 10, endSample: 20, label: 'walk', confidence: 0.8 }]);
  });

  it('colours classes by model order and unknown grey', () => {
    expect(classColor('b', ['a', 'b'])).not.toBe(classColor('a', ['a', 'b']));
    expect(classColor('unknown', ['a'])).toBe('#9e9e9e');
    expect(formatDuration(3725)).toBe('1 h 2 min');
    expect(formatDuration(null)).toBe('–');
  });
});
