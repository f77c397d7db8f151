// The time column of delimited text: ISO-8601 timestamps from bytes, the sample rate from the median
// interval, and the regularity check. Intervals that differ from the median period by more than 1 %
// (or repeat a time) are irregular: without the resample option the import fails at the first one,
// naming its line; with it, rows pass through unchanged until the first irregular interval, after which
// every channel is linearly interpolated onto a uniform grid at the median rate, and a warning says how
// many intervals were irregular and where the largest gap was. Time going backwards is always an error.
import { fmtNum } from './invalid-file';

/** True when the last parseIsoBytes() result carried a zone (Z or ±hh:mm). */
export const isoState = { zone: false };

function num(buf: Uint8Array, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = buf[i + k] - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * `YYYY-MM-DD[(T| )HH:MM[:SS[.fff…]]][Z|±HH[:MM]]` (date separator '-' or '/') at buf[s..e), surrounding
 * spaces and quotes allowed. Returns milliseconds since 1970 (a time without zone is read as UTC) or NaN.
 */
export function parseIsoBytes(buf: Uint8Array, s: number, e: number): number {
  while (s < e && (buf[s] === 32 || buf[s] === 34)) s++;
  while (e > s && (buf[e - 1] === 32 || buf[e - 1] === 34)) e--;
  if (e - s < 10) return NaN;
  const sep = buf[s + 4];
  if ((sep !== 45 && sep !== 47) || buf[s + 7] !== sep) return NaN;
  const y = num(buf, s, 4);
  const mo = num(buf, s + 5, 2);
  const d = num(buf, s + 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  let i = s + 10;
  let h = 0;
  let mi = 0;
  let sec = 0;
  let frac = 0;
  if (i < e && (buf[i] === 84 || buf[i] === 32)) {
    i++;
    h = num(buf, i, 2);
    mi = i + 5 <= e && buf[i + 2] === 58 ? num(buf, i + 3, 2) : -1;
    if (h < 0 || h > 24 || mi < 0 || mi > 59) return NaN;
    i += 5;
    if (i < e && buf[i] === 58) {
      sec = i + 3 <= e ? num(buf, i + 1, 2) : -1;
      if (sec < 0 || sec > 60) return NaN;
      i += 3;
      if (i < e && (buf[i] === 46 || buf[i] === 44)) {
        let scaleF = 0.1;
        i++;
        const start = i;
        while (i < e && buf[i] >= 48 && buf[i] <= 57) {
          frac += (buf[i] - 48) * scaleF;
          scaleF /= 10;
          i++;
        }
        if (i === start) return NaN;
      }
    }
  }
  let offsetMin = 0;
  isoState.zone = false;
  if (i < e && (buf[i] === 90 || buf[i] === 122)) {
    isoState.zone = true;
    i++;
  } else if (i < e && (buf[i] === 43 || buf[i] === 45)) {
    const sign = buf[i] === 45 ? -1 : 1;
    const oh = num(buf, i + 1, 2);
    let j = i + 3;
    if (j < e && buf[j] === 58) j++;
    const om = j + 2 <= e ? num(buf, j, 2) : 0;
    if (oh < 0 || om < 0 || i + 3 > e) return NaN;
    offsetMin = sign * (oh * 60 + om);
    isoState.zone = true;
    i = j + (j + 2 <= e ? 2 : 0);
  }
  if (i !== e) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, sec) + frac * 1000 - offsetMin * 60000;
}

/** Median of the positive-or-not differences of t[0..n). NaN when n < 2. */
export function medianInterval(t: Float64Array, n: number): number {
  if (n < 2) return NaN;
  const d = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) d[i - 1] = t[i] - t[i - 1];
  d.sort();
  const m = d.length >> 1;
  return d.length % 2 ? d[m] : (d[m - 1] + d[m]) / 2;
}

/** Rounds a rate to 9 significant digits so 1/0.02 prints as 50, not 49.99999999999999. */
export function tidyRate(rate: number): number {
  return Number(rate.toPrecision(9));
}

export interface Irregularity {
  line: number;
  interval: number;
}

/** Why the time column is rejected at one line; the caller turns it into an INVALID_FILE error. */
export class TimeProblem extends Error {
  constructor(
    readonly line: number,
    message: string
  ) {
    super(message);
  }
}

/**
 * Streams blocks of rows (channel columns + times in file units) into `emit`, checking each interval
 * against `period` (file units) and resampling after the first irregular one when `resample` is set.
 */
export class TimeAxis {
  irregular = 0;
  dropped = 0;
  largest: Irregularity | null = null;
  resampling = false;
  private tPrev = NaN;
  private prev: Float64Array;
  private grid = 0;
  private out: Float32Array[];
  private outN = 0;

  constructor(
    private readonly period: number,
    private readonly secondsPerUnit: number,
    private readonly resample: boolean,
    private readonly nChannels: number,
    private readonly emit: (cols: Float32Array[], n: number) => void,
    blockRows: number
  ) {
    this.prev = new Float64Array(nChannels);
    this.out = Array.from({ length: nChannels }, () => new Float32Array(blockRows));
  }

  /** Takes rows [0, n) of a block. lines[i] is the file line of row i (for messages). */
  push(cols: Float32Array[], t: Float64Array, lines: Uint32Array, n: number): void {
    let i = 0;
    if (!this.resampling) {
      // Fast path: check intervals only; regular rows are passed through unchanged.
      const P = this.period;
      const lo = P * 0.99;
      const hi = P * 1.01;
      let tp = this.tPrev;
      for (; i < n; i++) {
        const ti = t[i];
        const d = ti - tp; // NaN for the very first row: regular
        if (d < lo || d > hi) {
          if (d < 0) throw this.backwards(lines[i], ti, tp);
          this.noteIrregular(d, lines[i]);
          break;
        }
        tp = ti;
      }
      if (i > 0) this.emit(i === n ? cols : cols.map((c) => c.subarray(0, i)), i);
      if (i > 0) for (let c = 0; c < this.nChannels; c++) this.prev[c] = cols[c][i - 1];
      this.tPrev = tp;
      if (i === n) return;
      // Row i is the first irregular one: from here on, interpolate onto the grid.
      this.resampling = true;
      this.grid = tp + P;
      if (t[i] === tp) {
        this.dropped++;
        i++;
      } else {
        this.interpolate(cols, i, t[i]);
        this.keep(cols, i, t[i]);
        i++;
      }
    }
    for (; i < n; i++) {
      const ti = t[i];
      const d = ti - this.tPrev;
      if (d < 0) throw this.backwards(lines[i], ti, this.tPrev);
      if (d === 0 || Math.abs(d - this.period) > this.period * 0.01) {
        this.noteIrregular(d, lines[i]);
        if (d === 0) {
          this.dropped++;
          continue;
        }
      }
      this.interpolate(cols, i, ti);
      this.keep(cols, i, ti);
    }
    this.flushOut();
  }

  private keep(cols: Float32Array[], i: number, ti: number): void {
    for (let c = 0; c < this.nChannels; c++) this.prev[c] = cols[c][i];
    this.tPrev = ti;
  }

  private noteIrregular(d: number, line: number): void {
    this.irregular++;
    if (!this.largest || d > this.largest.interval) this.largest = { line, interval: d };
    if (!this.resample) throw new TimeProblem(line, this.describe(d));
  }

  private backwards(line: number, ti: number, tp: number): TimeProblem {
    const s = this.secondsPerUnit;
    return new TimeProblem(line, `time goes backwards: ${fmtNum(ti * s)} s after ${fmtNum(tp * s)} s`);
  }

  private interpolate(cols: Float32Array[], i: number, ti: number): void {
    const span = ti - this.tPrev;
    const eps = this.period * 1e-9;
    while (this.grid <= ti + eps) {
      const w = span > 0 ? (this.grid - this.tPrev) / span : 1;
      for (let c = 0; c < this.nChannels; c++) {
        const a = this.prev[c];
        this.out[c][this.outN] = a + (cols[c][i] - a) * w;
      }
      this.grid += this.period;
      if (++this.outN === this.out[0].length) this.flushOut();
    }
  }

  private flushOut(): void {
    if (this.outN > 0) this.emit(this.out, this.outN);
    this.outN = 0;
  }

  private describe(d: number): string {
    const s = this.secondsPerUnit;
    const what =
      d === 0
        ? `the time ${fmtNum(this.tPrev * s)} s repeats`
        : `the interval of ${fmtNum(d * s)} s differs from the median period ${fmtNum(this.period * s)} s by ${fmtNum((Math.abs(d - this.period) / this.period) * 100)} % (more than 1 %)`;
    return `irregular timestamps: ${what}; import with the resample option (--resample) to interpolate linearly to ${fmtNum(tidyRate(1 / (this.period * s)))} Hz`;
  }

  /** The warning for a resampled import, or null when nothing was irregular. */
  summary(rate: number): string | null {
    if (this.irregular === 0) return null;
    const big = this.largest;
    const gap = big ? `; largest interval ${fmtNum(big.interval * this.secondsPerUnit)} s at line ${big.line}` : '';
    const dup = this.dropped ? `; ${this.dropped} rows with repeated times dropped` : '';
    return `irregular timestamps: ${this.irregular} intervals differed from the median period by more than 1 %${gap}${dup}; resampled by linear interpolation to ${fmtNum(rate)} Hz`;
  }
}
