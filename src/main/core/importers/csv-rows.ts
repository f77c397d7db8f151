// The hot loop of the delimited-text importer: bytes of whole lines in, float32 channel columns (and a
// float64 time column) out, in blocks of BLOCK_ROWS rows. Numbers are parsed from the bytes in place
// (number-bytes.ts); only unusual fields (quotes, words, many digits near a float32 rounding boundary)
// become strings. Blank lines are skipped; a row with the wrong number of fields is an error.
import type { Dialect } from './csv-dialect';
import { WHITESPACE } from './csv-dialect';
import { isoState, parseIsoBytes } from './csv-time';
import { f32Certain, latin1, parseNum, scan, slowNumber } from './number-bytes';
import { showText } from './invalid-file';

export const BLOCK_ROWS = 65536;
/** The smallest magnitude that rounds to ±Infinity in float32 (max float32 + half an ulp). */
const F32_OVERFLOW = 3.4028235677973366e38;

/** A problem at one line; the caller turns it into an INVALID_FILE error. */
export class RowProblem extends Error {
  constructor(
    readonly line: number,
    message: string
  ) {
    super(message);
  }
}

export class RowParser {
  readonly cols: Float32Array[];
  readonly times = new Float64Array(BLOCK_ROWS);
  readonly lines = new Uint32Array(BLOCK_ROWS);
  /** Rows in the current block. */
  n = 0;
  /** Line number of the next line to read. */
  line: number;
  rowsTotal = 0;
  infinities = 0;
  /** Whether the first ISO-8601 time carried a zone. */
  firstIsoZone = false;
  private readonly isoField: number;

  constructor(
    private readonly d: Dialect,
    private readonly columnNames: string[],
    private readonly onBlock: (n: number) => void
  ) {
    this.cols = d.channels.map(() => new Float32Array(BLOCK_ROWS));
    this.line = d.dataLine;
    this.isoField = d.time.kind === 'iso' ? d.time.field : -1;
  }

  /** Parses whole lines in buf[0..end). Calls onBlock(n) each time BLOCK_ROWS rows are ready. */
  parse(buf: Uint8Array, end: number): void {
    const { delimiter, decComma, nFields, targets } = this.d;
    const ws = delimiter === WHITESPACE;
    const cols = this.cols;
    const times = this.times;
    const isoField = this.isoField;
    // Local copies: module imports compile to property getters under CommonJS, too slow per field.
    const num = parseNum;
    const sc = scan;
    const certain = f32Certain;
    let n = this.n;
    let line = this.line;
    let i = 0;
    while (i < end) {
      // Blank (or space-only) lines are skipped.
      let j = i;
      while (j < end && (buf[j] === 32 || buf[j] === 9)) j++;
      if (j === end || buf[j] === 10 || buf[j] === 13) {
        i = j < end && buf[j] === 13 && j + 1 < end && buf[j + 1] === 10 ? j + 2 : j + 1;
        line++;
        continue;
      }
      if (ws) i = j;
      let f = 0;
      let stop = i;
      for (;;) {
        const tgt = f < nFields ? targets[f] : -2;
        let v = NaN;
        if (tgt === -2 || f === isoField || buf[i] === 34) {
          stop = this.fieldEnd(buf, i, end, line, ws);
          if (f === isoField) {
            v = parseIsoBytes(buf, i, stop);
            if (v !== v) throw new RowProblem(line, `${this.where(f)}: cannot read ${showText(latin1(buf, i, stop))} as an ISO-8601 time`);
            if (n === 0 && this.rowsTotal === 0) this.firstIsoZone = isoState.zone;
          } else if (tgt !== -2) v = this.slow(buf, i, stop, f, line);
        } else {
          v = num(buf, i, decComma);
          stop = sc.end;
          const s = stop < end ? buf[stop] : 10;
          const ended = ws ? s === 10 || s === 13 || (stop > i && (s === 9 || buf[stop - 1] === 32)) : s === delimiter || s === 10 || s === 13;
          if (ended && sc.digits) {
            if (!sc.exact && (tgt === -1 || v !== v || !certain(v) || v === Infinity || v === -Infinity)) v = this.slow(buf, i, stop, f, line);
          } else if (ended && isBlank(buf, i, stop)) {
            v = NaN;
          } else {
            stop = this.fieldEnd(buf, i, end, line, ws);
            v = this.slow(buf, i, stop, f, line);
          }
        }
        if (tgt >= 0) {
          cols[tgt][n] = v;
          if ((v >= F32_OVERFLOW || v <= -F32_OVERFLOW) && v !== Infinity && v !== -Infinity) {
            throw new RowProblem(line, `${this.where(f)}: ${showText(latin1(buf, i, stop).trim())} is too large for a 32-bit float (largest ±3.4e38)`);
          }
        } else if (tgt === -1) {
          if (v !== v) throw new RowProblem(line, `${this.where(f)}: the time is empty or not a number`);
          times[n] = v;
        }
        f++;
        if (ws) while (stop < end && (buf[stop] === 32 || buf[stop] === 9)) stop++;
        if (stop >= end || buf[stop] === 10 || buf[stop] === 13) break;
        i = ws ? stop : stop + 1;
      }
      if (f !== nFields) throw new RowProblem(line, `expected ${nFields} columns, found ${f}`);
      this.lines[n] = line;
      n++;
      line++;
      i = stop < end && buf[stop] === 13 && stop + 1 < end && buf[stop + 1] === 10 ? stop + 2 : stop + 1;
      if (n === BLOCK_ROWS) {
        this.line = line;
        this.rowsTotal += n;
        this.onBlock(n);
        n = 0;
      }
    }
    this.n = n;
    this.line = line;
  }

  /** Hands the rows of the last, partial block to onBlock. */
  finish(): void {
    if (this.n > 0) {
      this.rowsTotal += this.n;
      this.onBlock(this.n);
      this.n = 0;
    }
  }

  private where(f: number): string {
    const name = this.columnNames[f];
    return name ? `column "${name}"` : `column ${f + 1}`;
  }

  /** End of the field starting at i: the next delimiter or line break outside quotes. */
  private fieldEnd(buf: Uint8Array, i: number, end: number, line: number, ws: boolean): number {
    const delim = this.d.delimiter;
    let q = false;
    for (; i < end; i++) {
      const c = buf[i];
      if (c === 10 || c === 13) {
        if (q) break;
        return i;
      }
      if (ws) {
        if (c === 32 || c === 9) return i;
      } else if (c === 34) q = !q;
      else if (c === delim && !q) return i;
    }
    if (q) throw new RowProblem(line, 'a quote is not closed before the end of the line (quoted values cannot span lines)');
    return end;
  }

  /** The careful parse of one field (quotes, words, fallbacks). */
  private slow(buf: Uint8Array, i: number, stop: number, f: number, line: number): number {
    let text = latin1(buf, i, stop).trim();
    if (text.length >= 2 && text[0] === '"' && text[text.length - 1] === '"') text = text.slice(1, -1).replace(/""/g, '"');
    else if (text.includes('"')) throw new RowProblem(line, `${this.where(f)}: misplaced quote in ${showText(text)}`);
    const r = slowNumber(text, this.d.decComma);
    if (r.kind === 'bad') {
      const hint = /[\x80-\xff]/.test(text) ? ' (it contains non-ASCII bytes)' : '';
      throw new RowProblem(line, `${this.where(f)}: cannot read ${showText(text)} as a number${hint}`);
    }
    if (r.kind === 'overflow') throw new RowProblem(line, `${this.where(f)}: ${showText(text)} is too large for a 32-bit float (largest ±3.4e38)`);
    if (r.kind === 'inf') this.infinities++;
    return r.value;
  }
}

function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (buf[k] !== 32 && buf[k] !== 9) return false;
  return true;
}
