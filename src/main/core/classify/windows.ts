// The windows of one recording and their normalised samples. Fixed-length models slide a window of the
// model's length by the stride (plus one window flush with the end, so the tail is covered); 'auto'
// models (one example per UCR/UEA case) see the whole recording as one window, padded at the end or
// centre-cropped exactly as in training. Windows with gaps (NaN) are skipped, as in training.
import { AppError } from '../../../shared/errors';
import type { Normalisation } from '../ml/normalise';
import { fitExample } from '../ml/window-plan';
import type { SeriesSource } from './series';

export interface WindowGrid {
  starts: Float64Array;
  ends: Float64Array;
}

export function planWindows(total: number, length: number, stride: number, mode: 'fixed' | 'auto'): WindowGrid {
  if (total <= 0) throw new AppError('INVALID_FILE', 'the recording has no samples');
  if (mode === 'auto') return { starts: Float64Array.of(0), ends: Float64Array.of(total) };
  if (total < length) {
    throw new AppError('INVALID_FILE', `the recording has ${total} samples, fewer than the model's window of ${length}`);
  }
  const count = Math.floor((total - length) / stride) + 1;
  const tail = (count - 1) * stride + length < total;
  const n = count + (tail ? 1 : 0);
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  for (let i = 0; i < count; i++) {
    starts[i] = i * stride;
    ends[i] = i * stride + length;
  }
  if (tail) {
    starts[n - 1] = total - length;
    ends[n - 1] = total;
  }
  return { starts, ends };
}

/**
 * Writes windows [from, to) of `grid` into `out` (channels last, [n, length, channels]) starting at
 * window slot `slot`, normalised. Returns, per window, whether it was written (false: it has a gap).
 */
export function fillWindows(
  source: SeriesSource,
  grid: WindowGrid,
  from: number,
  to: number,
  length: number,
  norm: Normalisation,
  out: Float32Array,
  slot: number
): boolean[] {
  const C = source.channels;
  const lo = grid.starts[from];
  const hi = grid.ends[to - 1];
  const data = source.read(lo, hi);
  const inv = norm.std.map((s) => 1 / s);
  const written: boolean[] = [];
  let k = slot;
  for (let i = from; i < to; i++) {
    const fit = fitExample(grid.ends[i] - grid.starts[i], length);
    const src = grid.starts[i] - lo + fit.srcOffset;
    let bad = false;
    for (let c = 0; c < C && !bad; c++) {
      const col = data[c];
      for (let t = 0; t < fit.count; t++) {
        if (Number.isNaN(col[src + t])) {
          bad = true;
          break;
        }
      }
    }
    written.push(!bad);
    if (bad) continue;
    const base = k * length * C;
    for (let c = 0; c < C; c++) {
      const col = data[c];
      const m = norm.mean[c];
      const s = inv[c];
      for (let t = 0; t < fit.count; t++) out[base + t * C + c] = (col[src + t] - m) * s;
      for (let t = fit.count; t < length; t++) out[base + t * C + c] = 0;
    }
    k++;
  }
  return written;
}
