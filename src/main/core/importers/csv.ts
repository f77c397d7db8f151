// Delimited text importer (CSV, TSV, semicolon, pipe, whitespace-separated like UCI-HAPT).
// Behaviour:
//  * Dialect from the first 64 KiB (csv-dialect.ts, csv-columns.ts): delimiter, decimal comma (`1,5` when
//    the delimiter is not ','), header or not, units in brackets, text columns skipped with a warning,
//    UTF-8 BOM ignored, Latin-1 header bytes read as Latin-1 with a warning, leading '#' lines skipped.
//  * Line breaks LF, CRLF or CR; blank lines skipped; quoted fields allowed ("" escapes) but a quoted
//    value may not span lines; a row with another number of fields than the first row is an error.
//  * Cells: empty, NaN, nan, NA, N/A, null, none, ? → NaN; inf/Infinity/-inf → ±Infinity (counted in a
//    warning); numbers beyond the float32 range (e.g. 1e400, 1e39) are an error naming line and column.
//    Values are stored as float32 (exactly Math.fround(Number(text))); times are kept as float64.
//  * Sample rate: from the time column (median interval; csv-time.ts), else options.sampleRate, else an
//    error asking for --sample-rate. When both exist and differ by more than 1 %, the time column wins
//    and a warning says so. Irregular times: error without options.resample, linear resampling + warning
//    with it. startTime: the first ISO-8601 time (as written, without zone when the file had none; with
//    a zone converted to UTC), or a numeric epoch time column named time/stamp/epoch/unix.
//  * Streaming: 4 MiB blocks of whole lines (lines up to 64 MiB), 64K-row column blocks to the writer.
import { basename } from 'node:path';
import type { Importer, ParseContext, RecordingWriter } from './types';
import { BinaryFile, LineTooLong, MAX_LINE_BYTES, TextBlocks } from './file-blocks';
import { checkAbort, fmtNum, invalidFile } from './invalid-file';
import { sniffDialect, type Dialect } from './csv-dialect';
import { BLOCK_ROWS, RowParser, RowProblem } from './csv-rows';
import { TimeAxis, TimeProblem, medianInterval, tidyRate } from './csv-time';
import { looksLikeText } from './text-sniff';

const HEAD_BYTES = 64 * 1024;

async function parseCsv(ctx: ParseContext): Promise<void> {
  const file = await BinaryFile.open(ctx.path);
  try {
    const head = await file.readAt(0, HEAD_BYTES);
    if (head.length === 0) throw invalidFile(ctx.path, { byte: 0 }, 'the file is empty');
    const d = sniffDialect(ctx.path, head, head.length >= file.size, ctx.options);
    const job = new CsvJob(ctx, d);
    const parser = new RowParser(d, d.fieldNames, (n) => job.block(parser, n));
    const blocks = new TextBlocks(file, d.dataOffset);
    for (;;) {
      checkAbort(ctx.signal);
      let b;
      try {
        b = await blocks.next();
      } catch (err) {
        if (err instanceof LineTooLong) throw invalidFile(ctx.path, { line: parser.line }, `the line is longer than ${MAX_LINE_BYTES >> 20} MiB`);
        throw err;
      }
      if (!b) break;
      located(ctx.path, () => parser.parse(b.buf, b.end));
      ctx.onBytes(Math.min(file.size, b.fileOffset + b.end));
    }
    located(ctx.path, () => parser.finish());
    if (parser.rowsTotal === 0) throw invalidFile(ctx.path, { line: parser.line }, 'no data rows');
    job.end(parser);
  } finally {
    await file.close();
  }
}

function located(path: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (err instanceof RowProblem || err instanceof TimeProblem) throw invalidFile(path, { line: err.line }, err.message);
    throw err;
  }
}

/** Turns row blocks into a recording: rate from the first block, then straight appends or the time axis. */
class CsvJob {
  private writer: RecordingWriter | null = null;
  private axis: TimeAxis | null = null;
  private rate = 0;

  constructor(
    private readonly ctx: ParseContext,
    private readonly d: Dialect
  ) {}

  block(p: RowParser, n: number): void {
    if (!this.writer) this.start(p, n);
    if (this.axis) this.axis.push(p.cols, p.times, p.lines, n);
    else this.append(p.cols, n);
  }

  private append(cols: Float32Array[], n: number): void {
    this.writer!.append(n === cols[0].length ? cols : cols.map((c) => c.subarray(0, n)));
  }

  private start(p: RowParser, n: number): void {
    const { d, ctx } = this;
    const given = ctx.options.sampleRate && ctx.options.sampleRate > 0 ? ctx.options.sampleRate : undefined;
    const warnings = [...d.warnings];
    let startTime: string | null = null;
    if (d.time.kind === 'none') {
      this.rate = given!;
    } else {
      const spu = d.time.kind === 'iso' ? 1e-3 : d.time.secondsPerUnit;
      const period = medianInterval(p.times, n);
      if (!(period > 0)) {
        if (n >= 2) throw new TimeProblem(p.lines[1], `the time column "${d.time.name}" does not increase (median interval ${fmtNum(period * spu)} s)`);
        if (!given) throw new TimeProblem(p.lines[0], 'only one data row: the sample rate cannot be measured; give it (--sample-rate <Hz>)');
        this.rate = given;
      } else {
        this.rate = tidyRate(1 / (period * spu));
        if (!Number.isFinite(this.rate)) throw new TimeProblem(p.lines[1], `the time column "${d.time.name}" gives no usable sample rate (median interval ${fmtNum(period * spu)} s)`);
        if (d.time.kind === 'num' && d.time.unitGuessed && d.time.secondsPerUnit === 1 && this.rate < 1 && Number.isInteger(period)) {
          warnings.push(
            `the time column "${d.time.name}" has no unit and was read as seconds (${fmtNum(this.rate)} Hz); if it holds milliseconds, name it e.g. "${d.time.name}_ms" or "${d.time.name} (ms)"`
          );
        }
        if (given && Math.abs(given - this.rate) > 0.01 * this.rate) {
          warnings.push(`the given sample rate ${fmtNum(given)} Hz was not used: the time column "${d.time.name}" gives ${fmtNum(this.rate)} Hz`);
        }
        this.axis = new TimeAxis(period, spu, ctx.options.resample, d.channels.length, (c, k) => this.append(c, k), BLOCK_ROWS);
      }
      startTime = firstTime(d, p.times[0], p.firstIsoZone);
    }
    this.writer = ctx.sink.begin({ name: ctx.baseName || basename(ctx.path), sampleRate: this.rate, channels: d.channels, startTime });
    for (const w of warnings) this.writer.warn(w);
  }

  end(p: RowParser): void {
    const w = this.writer!;
    if (p.infinities > 0) w.warn(`${p.infinities} values were infinite (inf/Infinity)`);
    const s = this.axis?.summary(this.rate);
    if (s) w.warn(s);
  }
}

function firstTime(d: Dialect, t0: number, zone: boolean): string | null {
  if (d.time.kind === 'iso') {
    const iso = new Date(t0).toISOString();
    return zone ? iso : iso.slice(0, -1);
  }
  if (d.time.kind === 'num' && d.time.epoch) return new Date(t0 * d.time.secondsPerUnit * 1000).toISOString();
  return null;
}

export const csvImporter: Importer = {
  id: 'csv',
  label: 'delimited text',
  extensions: ['.csv', '.tsv', '.txt', '.dat', '.tab', '.psv'],
  sniff: (head) => looksLikeText(head),
  parse: parseCsv
};
