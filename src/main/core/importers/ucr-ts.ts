// UCR/UEA `.ts` importer (sktime/aeon text format).
// Behaviour:
//  * Header: see ucr-ts-header.ts. `@timeStamps true` and `@targetLabel true` files are refused.
//  * Each case line (channels separated by ':', values by ',', the class label last) becomes one short
//    recording named `<file name> #0001` (1-based case number, zero-padded to 4 digits), channels dim1..dimN
//    (unit ''), with one segment covering the whole case labelled with its class, and tags
//    [problemName, TRAIN|TEST] (the split from a `_TRAIN`/`_TEST` file name; no split tag otherwise).
//  * Sample rate: options.sampleRate, else 1 Hz (one sample per time step; the format has no rate).
//  * Unequal lengths are fine; `?`, NaN, empty values → NaN. Dimensions of one case with different lengths
//    are padded with NaN (warning on that case). A case longer/shorter than a declared @seriesLength with
//    @equalLength true: warning (once per file).
//  * Errors (with line number): no @data line, a case with another number of dimensions than @dimensions
//    (or than the first case), a class label not listed in @classLabel, a value that is not a number,
//    no cases after @data, a non-@ line before @data. Without any @classLabel line, the last ':' field is
//    taken as the label when it holds no ','.
import type { Importer, ParseContext } from './types';
import { BinaryFile, LineTooLong, MAX_LINE_BYTES, TextBlocks } from './file-blocks';
import { checkAbort, invalidFile, showText } from './invalid-file';
import { slowNumber } from './number-bytes';
import { applyHeaderLine, emptyHeader, isUcrTsHead, type TsHeader } from './ucr-ts-header';

class CaseReader {
  readonly h: TsHeader = emptyHeader();
  inData = false;
  cases = 0;
  private dims: number | null = null;
  private lengthWarned = false;
  private readonly tags: string[];

  constructor(private readonly ctx: ParseContext) {
    const split = /_(TRAIN|TEST)$/i.exec(ctx.baseName);
    this.tags = split ? [split[1].toUpperCase()] : [];
  }

  line(text: string, lineNo: number): void {
    const t = text.trim();
    if (t === '') return;
    const fail = (problem: string) => invalidFile(this.ctx.path, { line: lineNo }, problem);
    if (!this.inData) {
      if (t.startsWith('#')) return;
      if (!t.startsWith('@')) throw fail('expected an @ header line (or @data) before the data');
      const r = applyHeaderLine(this.h, t);
      if (r === 'data') {
        this.inData = true;
        this.dims = this.h.dimensions ?? (this.h.univariate === true ? 1 : null);
      } else if (r !== null) throw fail(r);
      return;
    }
    this.readCase(t, lineNo, fail);
  }

  private readCase(t: string, lineNo: number, fail: (p: string) => Error): void {
    const parts = t.split(':');
    const labelled = this.h.classLabelDeclared ? this.h.classLabels !== null : parts.length >= 2 && !parts[parts.length - 1].includes(',');
    const label = labelled ? parts.pop()!.trim() : null;
    if (label !== null) {
      if (label === '') throw fail('the case has no class label after the last ":"');
      if (this.h.classLabels && !this.h.classLabels.includes(label)) {
        throw fail(`class label ${showText(label)} is not declared in @classLabel (${this.h.classLabels.join(' ')})`);
      }
    }
    if (parts.length === 0) throw fail('the case has no values, only a class label');
    if (this.dims === null) this.dims = parts.length;
    if (parts.length !== this.dims) throw fail(`the case has ${parts.length} dimensions, expected ${this.dims}`);
    const series = parts.map((p, d) => {
      const vals = p.split(',');
      if (vals.length > 1 && vals[vals.length - 1].trim() === '') vals.pop();
      const col = new Float32Array(vals.length);
      vals.forEach((v, k) => {
        const r = slowNumber(v, false);
        if (r.kind === 'bad' || r.kind === 'overflow') throw fail(`dimension ${d + 1}, value ${k + 1}: cannot read ${showText(v.trim())} as a number`);
        col[k] = r.value;
        if (Number.isFinite(r.value) && !Number.isFinite(col[k])) throw fail(`dimension ${d + 1}, value ${k + 1}: ${showText(v.trim())} is too large for a 32-bit float`);
      });
      return col;
    });
    const len = Math.max(...series.map((s) => s.length));
    this.cases++;
    const problem = this.h.problemName ?? this.ctx.baseName.replace(/_(TRAIN|TEST)$/i, '');
    const writer = this.ctx.sink.begin({
      name: `${this.ctx.baseName} #${String(this.cases).padStart(4, '0')}`,
      sampleRate: this.ctx.options.sampleRate && this.ctx.options.sampleRate > 0 ? this.ctx.options.sampleRate : 1,
      channels: series.map((_, d) => ({ name: `dim${d + 1}`, unit: '' })),
      startTime: null,
      tags: [problem, ...this.tags]
    });
    const cols = series.map((s) => {
      if (s.length === len) return s;
      const padded = new Float32Array(len).fill(NaN);
      padded.set(s);
      return padded;
    });
    if (series.some((s) => s.length !== len)) {
      writer.warn(`line ${lineNo}: the dimensions have different lengths (${series.map((s) => s.length).join(', ')}); shorter ones were padded with NaN`);
    }
    if (!this.lengthWarned && this.h.equalLength && this.h.seriesLength !== null && len !== this.h.seriesLength) {
      this.lengthWarned = true;
      writer.warn(`line ${lineNo}: the header declares equal series of length ${this.h.seriesLength}, but this case has ${len} values`);
    }
    writer.append(cols);
    if (label !== null) writer.addSegment(0, len, label);
  }
}

async function parseUcrTs(ctx: ParseContext): Promise<void> {
  const file = await BinaryFile.open(ctx.path);
  try {
    const reader = new CaseReader(ctx);
    const blocks = new TextBlocks(file, 0);
    let lineNo = 1;
    for (;;) {
      checkAbort(ctx.signal);
      let b;
      try {
        b = await blocks.next();
      } catch (err) {
        if (err instanceof LineTooLong) throw invalidFile(ctx.path, { line: lineNo }, `the line is longer than ${MAX_LINE_BYTES >> 20} MiB`);
        throw err;
      }
      if (!b) break;
      let s = b.fileOffset === 0 && b.buf[0] === 0xef && b.buf[1] === 0xbb && b.buf[2] === 0xbf ? 3 : 0;
      for (let i = s; i <= b.end; i++) {
        const c = i < b.end ? b.buf[i] : 10;
        if (c !== 10 && c !== 13) continue;
        if (i > s || i === b.end) reader.line(b.buf.toString('utf8', s, i), lineNo);
        if (i === b.end) break;
        lineNo++;
        if (c === 13 && i + 1 < b.end && b.buf[i + 1] === 10) i++;
        s = i + 1;
      }
      ctx.onBytes(Math.min(file.size, b.fileOffset + b.end));
    }
    if (!reader.inData) throw invalidFile(ctx.path, { line: lineNo }, 'the file ends without an @data line');
    if (reader.cases === 0) throw invalidFile(ctx.path, { line: lineNo }, 'no cases after @data');
  } finally {
    await file.close();
  }
}

export const ucrTsImporter: Importer = {
  id: 'ucr-ts',
  label: 'UCR/UEA .ts',
  extensions: ['.ts'],
  sniff: (head) => isUcrTsHead(head),
  parse: parseUcrTs
};
