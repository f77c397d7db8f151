// Streams one recording's samples into float32 chunks plus a min/max summary pyramid.
// Rows go into the database in small synchronous batches while the recording is 'importing'
// (invisible to every reader); commit flips it to 'ready' in one transaction.
import type { Db } from './db';
import * as layout from './layout';
import { levelsFor, toBlob } from './layout';

// Local copies: an imported binding can be an accessor (CommonJS interop), too slow for per-sample loops.
const CHUNK_SAMPLES = layout.CHUNK_SAMPLES;
const LEVEL_FACTOR = layout.LEVEL_FACTOR;
const SUMMARY_BINS = layout.SUMMARY_BINS;

/** 16^7 samples per bucket: enough for any recording a single file can hold. */
const MAX_LEVEL = 7;

/** Accumulates min/max buckets for one level of one channel. */
class LevelAccumulator {
  private bins = new Float32Array(SUMMARY_BINS * 2);
  private fill = 0; // bins completed in the current blob
  private chunkIndex = 0;
  private curMin = Infinity;
  private curMax = -Infinity;
  private curCount = 0;
  parent: LevelAccumulator | null = null;

  constructor(
    readonly level: number,
    private readonly emit: (level: number, chunk: number, data: Float32Array) => void
  ) {}

  /** Feeds one bucket of the level below (or one sample at level 1, min = max = value). */
  push(min: number, max: number): void {
    if (min === min && min < this.curMin) this.curMin = min; // NaN-safe
    if (max === max && max > this.curMax) this.curMax = max;
    if (++this.curCount === LEVEL_FACTOR) this.closeBucket();
  }

  /** Feeds raw samples (level 1 only): the hot loop of every import, kept free of calls per sample. */
  pushValues(values: Float32Array): void {
    let mn = this.curMin;
    let mx = this.curMax;
    let count = this.curCount;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v < mn) mn = v; // NaN compares false: gaps are skipped
      if (v > mx) mx = v;
      if (++count === LEVEL_FACTOR) {
        this.curMin = mn;
        this.curMax = mx;
        this.closeBucket();
        mn = Infinity;
        mx = -Infinity;
        count = 0;
      }
    }
    this.curMin = mn;
    this.curMax = mx;
    this.curCount = count;
  }

  private closeBucket(): void {
    const mn = this.curMin === Infinity ? NaN : this.curMin;
    const mx = this.curMax === -Infinity ? NaN : this.curMax;
    this.bins[this.fill * 2] = mn;
    this.bins[this.fill * 2 + 1] = mx;
    this.fill++;
    this.parent?.push(mn, mx);
    this.curMin = Infinity;
    this.curMax = -Infinity;
    this.curCount = 0;
    if (this.fill === SUMMARY_BINS) this.flushBlob();
  }

  private flushBlob(): void {
    if (this.fill === 0) return;
    this.emit(this.level, this.chunkIndex++, this.bins.slice(0, this.fill * 2));
    this.fill = 0;
  }

  /** Closes a partial bucket and writes what is left. */
  finish(): void {
    if (this.curCount > 0) this.closeBucket();
    this.flushBlob();
  }
}

export class SampleWriter {
  private readonly buffers: Float32Array[];
  private fill = 0;
  private chunkIndex = 0;
  private total = 0;
  private readonly levels: LevelAccumulator[][];
  private pending: Array<[number, number, number, number, Buffer]> = []; // channel, level, chunk, kind(0 raw,1 summary)
  private readonly insertChunk;
  private readonly insertSummary;

  constructor(
    private readonly db: Db,
    readonly recordingId: number,
    readonly channelCount: number
  ) {
    this.buffers = Array.from({ length: channelCount }, () => new Float32Array(CHUNK_SAMPLES));
    this.levels = Array.from({ length: channelCount }, () => []);
    this.insertChunk = db.prepare(
      'INSERT INTO sample_chunks (recording_id, channel, chunk, data) VALUES (?, ?, ?, ?)'
    );
    this.insertSummary = db.prepare(
      'INSERT INTO summary_chunks (recording_id, channel, level, chunk, data) VALUES (?, ?, ?, ?, ?)'
    );
  }

  get length(): number {
    return this.total;
  }

  append(columns: Float32Array[]): void {
    if (columns.length !== this.channelCount) {
      throw new Error(`expected ${this.channelCount} channels, got ${columns.length}`);
    }
    const n = columns[0]?.length ?? 0;
    for (const c of columns) if (c.length !== n) throw new Error('channel columns differ in length');
    let off = 0;
    while (off < n) {
      const take = Math.min(n - off, CHUNK_SAMPLES - this.fill);
      for (let ch = 0; ch < this.channelCount; ch++) {
        const src = columns[ch].subarray(off, off + take);
        this.buffers[ch].set(src, this.fill);
        this.summarise(ch, src);
      }
      this.fill += take;
      off += take;
      this.total += take;
      if (this.fill === CHUNK_SAMPLES) this.flushChunk();
    }
    // ~16 MB per transaction: each commit is an fsync (synchronous = FULL), so fewer, larger batches.
    if (this.pending.length >= 256) this.writePending();
  }

  private level1(ch: number): LevelAccumulator {
    let acc = this.levels[ch][0];
    if (!acc) {
      // A fixed stack of levels; at finish only those with buckets smaller than the recording are kept.
      for (let lv = MAX_LEVEL; lv >= 1; lv--) {
        const a = new LevelAccumulator(lv, (level, chunk, data) => {
          this.pending.push([ch, level, chunk, 1, toBlob(data)]);
        });
        a.parent = this.levels[ch][lv] ?? null;
        this.levels[ch][lv - 1] = a;
      }
      acc = this.levels[ch][0];
    }
    return acc;
  }

  private summarise(ch: number, values: Float32Array): void {
    this.level1(ch).pushValues(values);
  }

  private flushChunk(): void {
    if (this.fill === 0) return;
    for (let ch = 0; ch < this.channelCount; ch++) {
      this.pending.push([ch, 0, this.chunkIndex, 0, toBlob(this.buffers[ch].slice(0, this.fill))]);
    }
    this.chunkIndex++;
    this.fill = 0;
  }

  private writePending(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.db.transaction(() => {
      for (const [ch, level, chunk, kind, data] of rows) {
        if (kind === 0) this.insertChunk.run(this.recordingId, ch, chunk, data);
        else this.insertSummary.run(this.recordingId, ch, level, chunk, data);
      }
    })();
  }

  /** Writes the partial chunk, closes every summary level and returns the sample count. */
  finish(): number {
    this.flushChunk();
    for (let ch = 0; ch < this.channelCount; ch++) {
      // Finish bottom-up so partial buckets propagate to their parents.
      const keep = levelsFor(this.total);
      for (let lv = 0; lv < keep; lv++) this.levels[ch][lv]?.finish();
    }
    this.writePending();
    return this.total;
  }
}
