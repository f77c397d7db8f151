// Reading samples back: raw ranges (training, classification) and the viewer's getView, which picks
// the summary level whose buckets fit the request so it never reads more than ~16 × maxPoints values.
import type { Recording, View } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { Db } from './db';
import { CHUNK_SAMPLES, SUMMARY_BINS, bucketSize, fromBlob, levelsFor } from './layout';

export class SampleReader {
  private readonly rawStmt;
  private readonly sumStmt;

  constructor(private readonly db: Db) {
    this.rawStmt = db.prepare(
      'SELECT chunk, data FROM sample_chunks WHERE recording_id = ? AND channel = ? AND chunk BETWEEN ? AND ? ORDER BY chunk'
    );
    this.sumStmt = db.prepare(
      'SELECT chunk, data FROM summary_chunks WHERE recording_id = ? AND channel = ? AND level = ? AND chunk BETWEEN ? AND ? ORDER BY chunk'
    );
  }

  /** Samples [start, end) of one channel. */
  readChannel(rec: Recording, channel: number, start: number, end: number): Float32Array {
    checkChannel(rec, channel);
    start = Math.max(0, start);
    end = Math.min(rec.numSamples, end);
    const out = new Float32Array(Math.max(0, end - start));
    if (end <= start) return out;
    const first = Math.floor(start / CHUNK_SAMPLES);
    const last = Math.floor((end - 1) / CHUNK_SAMPLES);
    for (const row of this.rawStmt.iterate(rec.id, channel, first, last) as Iterable<{ chunk: number; data: Buffer }>) {
      const data = fromBlob(row.data);
      const base = row.chunk * CHUNK_SAMPLES;
      const from = Math.max(start, base);
      const to = Math.min(end, base + data.length);
      if (to > from) out.set(data.subarray(from - base, to - base), from - start);
    }
    return out;
  }

  /** Samples [start, end) of several channels. */
  read(rec: Recording, channels: number[], start: number, end: number): Float32Array[] {
    return channels.map((c) => this.readChannel(rec, c, start, end));
  }

  /**
   * Folds buckets [b0, b1) of one channel at `level` (level 0: raw samples) into `count` output buckets of
   * `perOut` input buckets each, straight from the stored blobs (no intermediate copy of the range).
   */
  private fold(rec: Recording, channel: number, level: number, b0: number, b1: number, perOut: number, min: Float64Array, max: Float64Array): void {
    const per = level === 0 ? CHUNK_SAMPLES : SUMMARY_BINS;
    const width = level === 0 ? 1 : 2; // raw: one value; summary: a (min, max) pair
    const first = Math.floor(b0 / per);
    const last = Math.floor((b1 - 1) / per);
    const rows = level === 0 ? this.rawStmt.iterate(rec.id, channel, first, last) : this.sumStmt.iterate(rec.id, channel, level, first, last);
    for (const row of rows as Iterable<{ chunk: number; data: Buffer }>) {
      const data = fromBlob(row.data);
      const base = row.chunk * per;
      const from = Math.max(b0, base);
      const to = Math.min(b1, base + data.length / width);
      let o = Math.floor((from - b0) / perOut);
      let boundary = b0 + (o + 1) * perOut;
      let mn = min[o];
      let mx = max[o];
      for (let k = from; k < to; k++) {
        if (k >= boundary) {
          min[o] = mn;
          max[o] = mx;
          o++;
          boundary += perOut;
          mn = min[o];
          mx = max[o];
        }
        const i = (k - base) * width;
        const a = data[i];
        const b = data[i + width - 1];
        if (a < mn) mn = a;
        if (b > mx) mx = b;
      }
      if (to > from) {
        min[o] = mn;
        max[o] = mx;
      }
    }
  }

  /**
   * The viewer's query: raw samples when the range holds at most maxPoints samples, else a min/max
   * envelope with buckets aligned to multiples of `step` (stable while panning), at most ~2×maxPoints.
   */
  view(rec: Recording, channels: number[] | undefined, start: number, end: number, maxPoints: number, encoding: 'json' | 'f32' = 'json'): View {
    const f32 = encoding === 'f32';
    const chans = channels ?? rec.channels.map((_, i) => i);
    chans.forEach((c) => checkChannel(rec, c));
    start = Math.max(0, Math.min(start, rec.numSamples));
    end = Math.max(start, Math.min(end, rec.numSamples));
    const n = end - start;
    const base = { recordingId: rec.id, sampleRate: rec.sampleRate };
    if (n <= maxPoints) {
      return {
        ...base,
        kind: 'raw',
        startSample: start,
        step: 1,
        count: n,
        series: chans.map((c) => {
          const values = this.readChannel(rec, c, start, end);
          return f32 ? { channel: c, valuesF32: base64(values) } : { channel: c, values: nullable(values) };
        })
      };
    }
    const target = n / maxPoints;
    const levels = levelsFor(rec.numSamples);
    let level = 0;
    while (level < levels && bucketSize(level + 1) <= target) level++;
    const size = bucketSize(level);
    const step = size * Math.max(1, Math.floor(target / size));
    const alignedStart = Math.floor(start / step) * step;
    const count = Math.ceil((end - alignedStart) / step);
    const perOut = step / size;
    const b0 = alignedStart / size;
    const b1 = Math.min(Math.ceil(rec.numSamples / size), b0 + count * perOut);
    const series = chans.map((c) => {
      const min = new Float64Array(count).fill(Infinity);
      const max = new Float64Array(count).fill(-Infinity);
      this.fold(rec, c, level, b0, b1, perOut, min, max);
      return f32
        ? { channel: c, minF32: base64(Float32Array.from(min, gap)), maxF32: base64(Float32Array.from(max, gap)) }
        : { channel: c, min: finite(min), max: finite(max) };
    });
    return { ...base, kind: 'envelope', startSample: alignedStart, step, count, series };
  }
}

const gap = (v: number): number => (Number.isFinite(v) ? v : NaN);

function base64(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** Envelope values as JSON-safe numbers; a bucket with no finite sample (a gap of NaNs) is null. */
function finite(values: Float64Array): Array<number | null> {
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number.isFinite(values[i]) ? values[i] : null;
  return out;
}

function nullable(values: Float32Array): Array<number | null> {
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number.isNaN(values[i]) ? null : values[i];
  return out;
}

function checkChannel(rec: Recording, channel: number): void {
  if (!Number.isInteger(channel) || channel < 0 || channel >= rec.channels.length) {
    throw new AppError('BAD_REQUEST', `recording ${rec.id} has no channel ${channel} (it has ${rec.channels.length})`);
  }
}
