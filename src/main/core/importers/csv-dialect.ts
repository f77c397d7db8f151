// Sniffs the dialect of delimited text from its first 64 KiB: delimiter (tab, ';', ',', '|', or runs
// of whitespace), decimal comma, header row, channel names and units, skipped text columns, and the
// time column (see csv-columns.ts). Works on bytes; only the sniffed lines become strings.
import type { Channel } from '../../../shared/domain';
import { invalidFile } from './invalid-file';
import { planColumns, type TimeColumn } from './csv-columns';
import type { ImportOptionsForFile } from './types';

/** Delimiter code for runs of spaces/tabs. */
export const WHITESPACE = -1;
const CANDIDATES = [9, 59, 44, 124]; // tab ; , |
const MAX_SNIFF_LINES = 200;

export interface Dialect {
  delimiter: number;
  decComma: boolean;
  nFields: number;
  header: boolean;
  /** File offset and 1-based line number of the first line after the header (and comment lines). */
  dataOffset: number;
  dataLine: number;
  /** Header text of each field ('' without a header), for messages. */
  fieldNames: string[];
  /** Per field: channel index (>= 0), -1 the time column, -2 skipped. */
  targets: Int32Array;
  channels: Channel[];
  time: TimeColumn;
  warnings: string[];
}

interface HeadLine {
  start: number;
  end: number;
  next: number;
  line: number;
}

/** Lines of the head (without breaks); a last line cut by the 64 KiB limit is left out. */
function headLines(head: Buffer, whole: boolean, from: number): HeadLine[] {
  const out: HeadLine[] = [];
  let line = 1;
  let s = from;
  for (let i = from; i < head.length; i++) {
    const c = head[i];
    if (c === 10 || c === 13) {
      const next = c === 13 && head[i + 1] === 10 ? i + 2 : i + 1;
      if (c === 13 && i + 1 === head.length && !whole) break;
      out.push({ start: s, end: i, next, line });
      line++;
      i = next - 1;
      s = next;
    }
  }
  if (whole && s < head.length) out.push({ start: s, end: head.length, next: head.length, line });
  return out;
}

/** Splits one line into fields (quotes honoured, "" as an escaped quote); null when a quote is left open. */
export function splitFields(text: string, delim: number): string[] | null {
  if (delim === WHITESPACE) return text.trim() === '' ? [''] : text.trim().split(/[ \t]+/);
  const d = String.fromCharCode(delim);
  const out: string[] = [];
  let cur = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += ch;
    } else if (ch === '"' && cur.trim() === '') {
      quoted = true;
      cur = '';
    } else if (ch === d) {
      out.push(cur);
      cur = '';
    } else cur += ch;
    i++;
  }
  if (quoted) return null;
  out.push(cur);
  return out;
}

function mode(xs: number[]): { value: number; share: number } {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best = 0;
  let bestN = 0;
  for (const [v, n] of counts) if (n > bestN || (n === bestN && v > best)) [best, bestN] = [v, n];
  return { value: best, share: xs.length ? bestN / xs.length : 0 };
}

function chooseDelimiter(lines: string[]): number {
  let best = -2;
  let bestShare = 0;
  for (const d of CANDIDATES) {
    const m = mode(lines.map((l) => splitFields(l, d)?.length ?? 0));
    if (m.value >= 2 && m.share >= 0.5 && m.share > bestShare + 1e-9) {
      best = d;
      bestShare = m.share;
    }
  }
  if (best !== -2) return best;
  const ws = mode(lines.map((l) => splitFields(l, WHITESPACE)!.length));
  return ws.value >= 2 && ws.share >= 0.5 ? WHITESPACE : 44;
}

const DEC_COMMA = /^\s*[+-]?\d*,\d+([eE][+-]?\d+)?\s*$/;
const DEC_POINT = /^\s*[+-]?\d*\.\d+([eE][+-]?\d+)?\s*$/;

/** Reads the dialect from the head of the file; throws INVALID_FILE for text that cannot be a table. */
export function sniffDialect(path: string, head: Buffer, whole: boolean, options: ImportOptionsForFile): Dialect {
  const warnings: string[] = [];
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const all = headLines(head, whole, bom);
  if (all.length === 0 && !whole) throw invalidFile(path, { line: 1 }, `line 1 is longer than ${head.length} bytes; this does not look like a table`);
  // Blank lines and leading '#' comment lines are skipped.
  const text = (l: HeadLine) => head.toString('latin1', l.start, l.end);
  const filled = all.filter((l) => text(l).trim() !== '');
  let first = 0;
  while (first < filled.length && text(filled[first]).trimStart().startsWith('#')) first++;
  const lines = filled.slice(first, first + MAX_SNIFF_LINES);
  if (lines.length === 0) throw invalidFile(path, { line: all.length + 1 }, whole ? 'the file holds no table (it is empty or blank)' : 'no table rows in the first 64 KiB');
  const strs = lines.map(text);
  const delimiter = chooseDelimiter(strs);
  const rows: string[][] = [];
  for (const [k, s] of strs.entries()) {
    const f = splitFields(s, delimiter);
    if (!f) throw invalidFile(path, { line: lines[k].line }, 'a quote opened in this line is not closed on the same line');
    rows.push(f);
  }
  const nFields = rows[0].length;
  const probe = rows.slice(1).flat();
  const decComma = delimiter !== 44 && probe.some((v) => DEC_COMMA.test(v)) && !probe.some((v) => DEC_POINT.test(v));
  const plan = planColumns(rows, decComma, warnings);
  const header = plan.header;
  let headerNames: string[] | null = null;
  if (header) {
    const h = lines[0];
    const raw = head.subarray(h.start, h.end);
    let decoded: string;
    try {
      decoded = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      decoded = raw.toString('latin1');
      warnings.push(`the header (line ${h.line}) is not valid UTF-8; it was read as Latin-1`);
    }
    headerNames = splitFields(decoded, delimiter);
    if (!headerNames) throw invalidFile(path, { line: h.line }, 'a quote opened in the header is not closed on the same line');
  }
  const cols = plan.finish(headerNames);
  if (header && lines.length < 2 && whole) throw invalidFile(path, { line: lines[0].line + 1 }, 'the file has a header but no data rows');
  if (cols.channels.length === 0) throw invalidFile(path, { line: lines[0].line }, 'the table has no numeric data columns');
  const dataStart = header ? lines[0].next : lines[0].start;
  const dataLine = header ? lines[0].line + 1 : lines[0].line;
  if (cols.time.kind === 'none' && !(options.sampleRate && options.sampleRate > 0)) {
    throw invalidFile(
      path,
      { line: lines[0].line },
      'no time column was found (none named time/t/timestamp/seconds/ms…, and the first column does not increase) and no sample rate was given; give the sample rate (--sample-rate <Hz>)'
    );
  }
  return {
    delimiter,
    decComma,
    nFields,
    header,
    dataOffset: dataStart,
    dataLine,
    fieldNames: Array.from({ length: nFields }, (_, j) => (headerNames?.[j] ?? '').trim()),
    targets: cols.targets,
    channels: cols.channels,
    time: cols.time,
    warnings
  };
}

