// Reads planned windows into one channels-last Float32Array [n, length, channels]. Each recording is
// read once over the range its windows span. Windows with NaN in their samples are skipped and
// counted; padding (auto mode, short examples) is left as NaN here and becomes 0 (the training
// mean) in normaliseInPlace, so statistics never see it.
import type { Recording } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { fitExample, type WindowRef } from './window-plan';

/** What the reader needs from the store (SampleReader satisfies it). */
export interface SampleSource {
  read(rec: Recording, channels: number[], start: number, end: number): Float32Array[];
}

export interface WindowSet {
  /** [n, length, channels], channels last. */
  x: Float32Array;
  /** Class index per window. */
  y: Int32Array;
  refs: WindowRef[];
  n: number;
  length: number;
  channels: number;
  skippedNaN: number;
  /** Windows whose label is not one of the classes. */
  unknownClass: number;
  padded: number;
  truncated: number;
}

/** Refuse datasets above this many values (4 bytes each): a larger stride or fewer recordings is needed. */
export const MAX_VALUES = 256 * 1024 * 1024;

export function readWindows(
  source: SampleSource,
  recordings: Map<number, Recording>,
  windows: WindowRef[],
  length: number,
  classIndex: Map<string, number>
): WindowSet {
  const first = recordings.values().next().value as Recording | undefined;
  const channels = first ? first.channels.length : 0;
  const known = windows.filter((w) => classIndex.has(w.label));
  const unknownClass = windows.length - known.length;
  if (known.length * length * channels > MAX_VALUES) {
    throw new AppError(
      'BAD_REQUEST',
      `${known.length} windows of ${length} samples × ${channels} channels is too much data; use a larger stride or fewer recordings`
    );
  }
  const x = new Float32Array(known.length * length * channels);
  const y = new Int32Array(known.length);
  const refs: WindowRef[] = [];
  let n = 0;
  let skippedNaN = 0;
  let padded = 0;
  let truncated = 0;
  const byRec = new Map<number, WindowRef[]>();
  for (const w of known) {
    const list = byRec.get(w.recordingId);
    if (list) list.push(w);
    else byRec.set(w.recordingId, [w]);
  }
  const chanIdx = Array.from({ length: channels }, (_, c) => c);
  for (const [recId, list] of byRec) {
    const rec = recordings.get(recId);
    if (!rec) throw new AppError('INTERNAL', `window of unknown recording ${recId}`);
    const from = list.reduce((m, w) => Math.min(m, w.start), Infinity);
    const to = list.reduce((m, w) => Math.max(m, w.end), 0);
    const data = source.read(rec, chanIdx, from, to);
    for (const w of list) {
      const fit = fitExample(w.end - w.start, length);
      const src = w.start - from + fit.srcOffset;
      let bad = false;
      for (let c = 0; c < channels && !bad; c++) {
        const col = data[c];
        for (let t = 0; t < fit.count; t++) {
          if (Number.isNaN(col[src + t])) {
            bad = true;
            break;
          }
        }
      }
      if (bad) {
        skippedNaN++;
        continue;
      }
      const base = n * length * channels;
      for (let c = 0; c < channels; c++) {
        const col = data[c];
        for (let t = 0; t < fit.count; t++) x[base + t * channels + c] = col[src + t];
        for (let t = fit.count; t < length; t++) x[base + t * channels + c] = NaN;
      }
      if (fit.padded) padded++;
      if (fit.truncated) truncated++;
      y[n] = classIndex.get(w.label) as number;
      refs.push(w);
      n++;
    }
  }
  return {
    x: n === known.length ? x : x.slice(0, n * length * channels),
    y: n === known.length ? y : y.slice(0, n),
    refs,
    n,
    length,
    channels,
    skippedNaN,
    unknownClass,
    padded,
    truncated
  };
}
