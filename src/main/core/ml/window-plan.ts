// Which windows of a recording are examples, and of which class. Pure: spans and sample counts in,
// window references out; reading samples is window-reader.ts's job.
//
// fixed + inside:   windows slide inside each labelled segment from its start (stride apart); a window
//                   is an example only when it lies wholly inside one segment.
// fixed + majority: windows slide over the whole recording from sample 0; a window is an example when
//                   one class covers at least `majority` of it and strictly more than any other class.
// auto:             one example per labelled segment (UCR/UEA cases); its length is fitted to the
//                   window length later (padded at the end or centre-cropped).
import type { DataOptions } from '../../../shared/api/ml';
import { AppError } from '../../../shared/errors';

export interface LabelledSpan {
  start: number;
  /** Exclusive. */
  end: number;
  label: string;
}

export interface WindowRef {
  recordingId: number;
  start: number;
  /** Exclusive. In auto mode the segment's own end (the reader pads or crops). */
  end: number;
  label: string;
}

export interface WindowGeometry {
  mode: 'fixed' | 'auto';
  /** Samples. */
  length: number;
  /** Samples (equals length in auto mode, where it is unused). */
  stride: number;
  rule: 'inside' | 'majority';
  majority: number;
}

/** Longest window 'auto' accepts before asking for an explicit window length. */
export const MAX_AUTO_LENGTH = 100_000;

/** Turns the request's window options into samples. `spanLengths`: labelled segment lengths of the training recordings. */
export function resolveGeometry(
  opts: Pick<DataOptions, 'window' | 'stride' | 'unit' | 'rule' | 'majority'>,
  sampleRate: number,
  spanLengths: number[]
): WindowGeometry {
  const toSamples = (v: number) => Math.round(opts.unit === 'seconds' ? v * sampleRate : v);
  if (opts.window === 'auto' || opts.window === null) {
    const length = spanLengths.reduce((m, n) => Math.max(m, n), 0);
    if (length === 0) throw new AppError('BAD_REQUEST', 'no labelled segments in the training recordings');
    if (length > MAX_AUTO_LENGTH) {
      throw new AppError(
        'BAD_REQUEST',
        `window 'auto' would be ${length} samples (the longest labelled segment); give a window length (e.g. --window 2s)`
      );
    }
    return { mode: 'auto', length, stride: length, rule: 'inside', majority: opts.majority };
  }
  const length = toSamples(opts.window);
  if (length < 2) throw new AppError('BAD_REQUEST', `the window must be at least 2 samples (got ${length})`);
  const stride = opts.stride == null ? Math.max(1, Math.floor(length / 2)) : toSamples(opts.stride);
  if (stride < 1) throw new AppError('BAD_REQUEST', `the stride must be at least 1 sample (got ${stride})`);
  return { mode: 'fixed', length, stride, rule: opts.rule, majority: opts.majority };
}

export interface RecordingPlan {
  windows: WindowRef[];
  /** Segments shorter than the window (inside rule: they give no window). */
  shortSegments: number;
}

/** The example windows of one recording. `spans` must be sorted and non-overlapping (as the store keeps them). */
export function planRecording(
  recordingId: number,
  numSamples: number,
  spans: LabelledSpan[],
  g: WindowGeometry
): RecordingPlan {
  const windows: WindowRef[] = [];
  let shortSegments = 0;
  if (g.mode === 'auto') {
    for (const s of spans) if (s.end > s.start) windows.push({ recordingId, start: s.start, end: s.end, label: s.label });
    return { windows, shortSegments };
  }
  if (g.rule === 'inside') {
    for (const s of spans) {
      if (s.end - s.start < g.length) {
        shortSegments++;
        continue;
      }
      for (let st = s.start; st + g.length <= s.end; st += g.stride) {
        windows.push({ recordingId, start: st, end: st + g.length, label: s.label });
      }
    }
    return { windows, shortSegments };
  }
  let first = 0; // first span that may overlap the current window (spans sorted, windows move right)
  const cover = new Map<string, number>();
  for (let st = 0; st + g.length <= numSamples; st += g.stride) {
    const end = st + g.length;
    while (first < spans.length && spans[first].end <= st) first++;
    cover.clear();
    for (let i = first; i < spans.length && spans[i].start < end; i++) {
      const s = spans[i];
      const n = Math.min(end, s.end) - Math.max(st, s.start);
      if (n > 0) cover.set(s.label, (cover.get(s.label) ?? 0) + n);
    }
    let best = '';
    let bestN = 0;
    let secondN = 0;
    for (const [label, n] of cover) {
      if (n > bestN) {
        secondN = bestN;
        best = label;
        bestN = n;
      } else if (n > secondN) secondN = n;
    }
    if (bestN > secondN && bestN >= g.majority * g.length) windows.push({ recordingId, start: st, end, label: best });
  }
  return { windows, shortSegments };
}

/** Where an example of `n` samples lands in a window of `length`: copy `count` samples from `srcOffset`. */
export function fitExample(n: number, length: number): { srcOffset: number; count: number; padded: boolean; truncated: boolean } {
  if (n <= length) return { srcOffset: 0, count: n, padded: n < length, truncated: false };
  return { srcOffset: Math.floor((n - length) / 2), count: length, padded: false, truncated: true };
}
