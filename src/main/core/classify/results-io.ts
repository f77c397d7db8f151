// Results as files: segments CSV (file,start_s,end_s,label,confidence), the whole result as JSON, and
// a per-file summary CSV (one row per classified recording, then one per failed file). RFC 4180
// quoting; a reader for the segments CSV so exports round-trip.
import { type ClassifyResult, UNKNOWN_LABEL } from '../../../shared/api/classify';
import { AppError } from '../../../shared/errors';

export const SEGMENTS_HEADER = ['file', 'start_s', 'end_s', 'label', 'confidence'];

function cell(v: string | number | null): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

const row = (cells: Array<string | number | null>) => cells.map(cell).join(',');
const sec = (x: number) => Number(x.toFixed(6));
const prob = (x: number | null) => (x === null ? null : Number(x.toFixed(6)));

export function segmentsCsv(r: ClassifyResult): string {
  const lines = [SEGMENTS_HEADER.join(',')];
  for (const it of r.items) for (const s of it.segments) lines.push(row([it.key, sec(s.startS), sec(s.endS), s.label, prob(s.confidence)]));
  return `${lines.join('\n')}\n`;
}

export function summaryCsv(r: ClassifyResult): string {
  const classes = [...r.model.classes, UNKNOWN_LABEL];
  const header = [
    'file', 'name', 'recording_id', 'status', 'duration_s', 'windows', 'dominant', 'mean_confidence', 'accuracy',
    ...classes.map((c) => `${c}_s`), 'error'
  ];
  const lines = [row(header)];
  for (const it of r.items) {
    const secs = new Map(it.perClass.map((c) => [c.label, c.seconds]));
    lines.push(
      row([
        it.key, it.name, it.recordingId, 'ok', sec(it.durationS), it.windows, it.dominant, prob(it.meanConfidence),
        it.truth ? prob(it.truth.accuracy) : null, ...classes.map((c) => sec(secs.get(c) ?? 0)), it.warnings.join('; ') || null
      ])
    );
  }
  for (const f of r.failed) {
    lines.push(row([f.file, null, null, 'failed', null, null, null, null, null, ...classes.map(() => null), `${f.code}: ${f.message}`]));
  }
  return `${lines.join('\n')}\n`;
}

export function resultJson(r: ClassifyResult): string {
  return JSON.stringify(r, null, 1);
}

/** Splits CSV text into rows of cells (quotes, doubled quotes, CRLF). */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let cur: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < t.length) {
    const ch = t[i];
    if (quoted) {
      if (ch === '"' && t[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      cur.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      cur.push(field);
      field = '';
      if (cur.length > 1 || cur[0] !== '') rows.push(cur);
      cur = [];
      if (ch === '\r' && t[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (quoted) throw new AppError('INVALID_FILE', 'results CSV: a quoted field is not closed');
  if (field !== '' || cur.length > 0) {
    cur.push(field);
    rows.push(cur);
  }
  return rows;
}

export interface SegmentRow {
  file: string;
  startS: number;
  endS: number;
  label: string;
  confidence: number | null;
}

/** Reads a segments CSV written by segmentsCsv. */
export function parseSegmentsCsv(text: string): SegmentRow[] {
  const [head, ...rows] = parseCsvRows(text);
  if (!head || head.join(',') !== SEGMENTS_HEADER.join(',')) {
    throw new AppError('INVALID_FILE', `results CSV: the header must be ${SEGMENTS_HEADER.join(',')}`);
  }
  return rows.map((r, i) => {
    const startS = Number(r[1]);
    const endS = Number(r[2]);
    if (r.length !== 5 || !Number.isFinite(startS) || !Number.isFinite(endS)) {
      throw new AppError('INVALID_FILE', `results CSV line ${i + 2}: expected file,start_s,end_s,label,confidence`);
    }
    return { file: r[0], startS, endS, label: r[3], confidence: r[4] === '' ? null : Number(r[4]) };
  });
}
