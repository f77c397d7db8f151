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

  /** Min/max pairs of `level` buckets [b0, b1) of one channel, interleaved. */
  private readBuckets(rec: Recording, channel: number, level: number, b0: number, b1: number): Float32Array {
    const out = new Float32Array((b1 - b0) * 2).fill(NaN);
    const first = Math.floor(b0 / SUMMARY_BINS);
    const last = Math.floor((b1 - 1) / SUMMARY_BINS);
    for (const row of this.sumStmt.iterate(rec.id, channel, level, first, last) as Iterable<{ chunk: number; data: Buffer }>) {
      const data = fromBlob(row.data);
      const base = row.chunk * SUMMARY_BINS;
      const from = Math.max(b0, base);
      const to = Math.min(b1, base + data.length / 2);
      if (to > from) out.set(data.subarray((from - base) * 2, (to - base) * 2), (from - b0) * 2);
    }
    return out;
  }

  /**
   * The viewer's query: raw samples when the range holds at most maxPoints samples, else a min/max
   * envelope with buckets aligned to multiples of `step` (stable while panning), at most ~2×maxPoints.
   */
  view(rec: Recording, channels: number[] | undefined, start: number, end: number, maxPoints: number): View {
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
        series: chans.map((c) => ({ channel: c, values: nullable(this.readChannel(rec, c, start, end)) }))
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
    const series = chans.map((c) => {
      const min = new Array<number | null>(count);
      const max = new Array<number | null>(count);
      const perOut = step / size;
      const b0 = alignedStart / size;
      const b1 = Math.min(Math.ceil(rec.numSamples / size), b0 + count * perOut);
      const src = level === 0 ? interleave(this.readChannel(rec, c, b0, b1)) : this.readBuckets(rec, c, level, b0, b1);
      for (let o = 0; o < count; o++) {
        let mn = Infinity;
        let mx = -Infinity;
        const from = o * perOut;
        const to = Math.min((o + 1) * perOut, b1 - b0);
        for (let k = from; k < to; k++) {
          const a = src[k * 2];
          const b = src[k * 2 + 1];
          if (a < mn) mn = a;
          if (b > mx) mx = b;
        }
        min[o] = mn === Infinity ? null : mn;
        max[o] = mx === -Infinity ? null : mx;
      }
      return { channel: c, min, max };
    });
    return { ...base, kind: 'envelope', startSample: alignedStart, step, count, series };
  }
}

function interleave(values: Float32Array): Float32Array {
  const out = new Float32Array(values.length * 2);
  for (let i = 0; i < values.length; i++) {
    out[i * 2] = values[i];
    out[i * 2 + 1] = values[i];
  }
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
