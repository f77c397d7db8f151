// Where the samples of one classified recording come from, in the model's channel order: a compact
// buffer filled while a file is parsed, a library recording read from the store block by block, or
// either of them linearly resampled to the model's rate.
import type { Recording } from '../../../shared/domain';
import type { SampleReader } from '../store/samples';

export interface SeriesSource {
  /** Samples per channel. */
  readonly length: number;
  readonly channels: number;
  /** Samples [start, end) of every channel (NaN for gaps), clipped to the data. */
  read(start: number, end: number): Float32Array[];
}

const BLOCK = 1 << 16;

/**
 * Samples of the kept channels as a list of fixed-size Float32Array blocks per channel: exactly the
 * data (4 bytes a value), no reallocation while a file streams in, no JS number arrays.
 */
export class ColumnBuffer implements SeriesSource {
  private readonly blocks: Float32Array[][];
  private used = 0;
  length = 0;

  constructor(readonly channels: number) {
    this.blocks = Array.from({ length: channels }, () => []);
  }

  /** Appends `columns[map[c]]` as channel c (the caller may reuse its arrays afterwards). */
  append(columns: Float32Array[], map: number[]): void {
    const n = columns[0]?.length ?? 0;
    let done = 0;
    while (done < n) {
      if (this.used === 0 || this.used === BLOCK) {
        for (const list of this.blocks) list.push(new Float32Array(BLOCK));
        this.used = 0;
      }
      const take = Math.min(n - done, BLOCK - this.used);
      for (let c = 0; c < this.channels; c++) {
        const list = this.blocks[c];
        list[list.length - 1].set(columns[map[c]].subarray(done, done + take), this.used);
      }
      this.used += take;
      done += take;
      this.length += take;
    }
  }

  read(start: number, end: number): Float32Array[] {
    start = Math.max(0, start);
    end = Math.min(this.length, end);
    const n = Math.max(0, end - start);
    return this.blocks.map((list) => {
      const out = new Float32Array(n);
      for (let pos = start; pos < end; ) {
        const bi = Math.floor(pos / BLOCK);
        const off = pos - bi * BLOCK;
        const take = Math.min(end - pos, BLOCK - off);
        out.set(list[bi].subarray(off, off + take), pos - start);
        pos += take;
      }
      return out;
    });
  }

  /** Bytes held. */
  get bytes(): number {
    return this.blocks.reduce((s, list) => s + list.length * BLOCK * 4, 0);
  }
}

/** A library recording, read from the store on demand. */
export class StoreSource implements SeriesSource {
  readonly length: number;
  readonly channels: number;

  constructor(
    private readonly samples: SampleReader,
    private readonly rec: Recording,
    private readonly map: number[]
  ) {
    this.length = rec.numSamples;
    this.channels = map.length;
  }

  read(start: number, end: number): Float32Array[] {
    return this.samples.read(this.rec, this.map, start, end);
  }
}

/**
 * `inner` seen at another rate: sample i is inner's value at time i / rate, linearly interpolated
 * between its two neighbours (NaN when either is a gap).
 */
export class ResampledSource implements SeriesSource {
  readonly length: number;
  readonly channels: number;
  private readonly ratio: number;

  constructor(
    private readonly inner: SeriesSource,
    fromRate: number,
    toRate: number
  ) {
    this.ratio = fromRate / toRate;
    this.channels = inner.channels;
    this.length = inner.length === 0 ? 0 : Math.floor((inner.length - 1) / this.ratio) + 1;
  }

  read(start: number, end: number): Float32Array[] {
    start = Math.max(0, start);
    end = Math.min(this.length, end);
    const n = Math.max(0, end - start);
    if (n === 0) return Array.from({ length: this.channels }, () => new Float32Array(0));
    const first = Math.floor(start * this.ratio);
    const last = Math.min(this.inner.length - 1, Math.ceil((end - 1) * this.ratio));
    const src = this.inner.read(first, last + 1);
    return src.map((col) => {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const t = (start + i) * this.ratio - first;
        const j = Math.floor(t);
        const f = t - j;
        const v0 = col[j];
        out[i] = f === 0 || j + 1 >= col.length ? v0 : v0 + (col[j + 1] - v0) * f;
      }
      return out;
    });
  }
}
