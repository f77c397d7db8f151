// Segment labels as CSV (`recording,start_s,end_s,label[,start_sample,end_sample]`) or JSON, both ways.
// Import matches recordings by name (or numeric id) and applies each recording's segments atomically.
import type { Recording } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { Store } from './index';

export interface LabelRow {
  recording: string;
  startS: number;
  endS: number;
  label: string;
  startSample: number;
  endSample: number;
  predicted?: boolean;
}

export function collectLabels(store: Store, recordings: Recording[]): LabelRow[] {
  const classes = new Map(store.labels.list().map((c) => [c.id, c.name]));
  const segs = store.segments.listMany(recordings.map((r) => r.id));
  const rows: LabelRow[] = [];
  for (const r of recordings) {
    for (const s of segs.get(r.id) ?? []) {
      rows.push({
        recording: r.name,
        startS: s.startSample / r.sampleRate,
        endS: s.endSample / r.sampleRate,
        label: classes.get(s.labelId) ?? String(s.labelId),
        startSample: s.startSample,
        endSample: s.endSample,
        predicted: s.predicted
      });
    }
  }
  return rows;
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function labelsToCsv(rows: LabelRow[]): string {
  const lines = ['recording,start_s,end_s,label,start_sample,end_sample'];
  for (const r of rows) lines.push([r.recording, r.startS, r.endS, r.label, r.startSample, r.endSample].map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

/** A small RFC-4180 reader for label files (quoted cells, CRLF, BOM). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      if (row.some((c) => c !== '')) rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (quoted) throw new AppError('INVALID_FILE', 'labels CSV: unclosed quote');
  row.push(cell);
  if (row.some((c) => c !== '')) rows.push(row);
  return rows;
}

export function parseLabelCsv(text: string): Array<Partial<LabelRow> & { line: number }> {
  const rows = parseCsv(text);
  if (rows.length === 0) throw new AppError('INVALID_FILE', 'labels CSV is empty');
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const [ci, li] = [col('recording'), col('label')];
  if (ci < 0 || li < 0) throw new AppError('INVALID_FILE', 'labels CSV line 1: needs columns recording and label');
  const bySample = col('start_sample') >= 0 && col('end_sample') >= 0;
  const bySeconds = col('start_s') >= 0 && col('end_s') >= 0;
  if (!bySample && !bySeconds) {
    throw new AppError('INVALID_FILE', 'labels CSV line 1: needs start_s,end_s or start_sample,end_sample');
  }
  return rows.slice(1).map((r, i) => {
    const num = (name: string) => {
      const v = Number(r[col(name)]);
      if (!Number.isFinite(v)) throw new AppError('INVALID_FILE', `labels CSV line ${i + 2}: ${name} is not a number`);
      return v;
    };
    return {
      line: i + 2,
      recording: r[ci],
      label: r[li],
      ...(bySample ? { startSample: num('start_sample'), endSample: num('end_sample') } : { startS: num('start_s'), endS: num('end_s') })
    };
  });
}

export interface LabelImportResult {
  recordings: number;
  segments: number;
  skipped: Array<{ line: number; reason: string }>;
}

/** Adds the rows' segments to the named recordings (overlaps trim existing ones), atomically. */
export function importLabelRows(store: Store, rows: Array<Partial<LabelRow> & { line: number }>): LabelImportResult {
  const result: LabelImportResult = { recordings: 0, segments: 0, skipped: [] };
  const byRec = new Map<number, Array<{ start: number; end: number; label: string }>>();
  for (const row of rows) {
    let rec: Recording;
    try {
      rec = store.recordings.resolve(row.recording ?? '');
    } catch {
      result.skipped.push({ line: row.line, reason: `no recording named ${JSON.stringify(row.recording)}` });
      continue;
    }
    const start = row.startSample ?? Math.round((row.startS ?? NaN) * rec.sampleRate);
    const end = Math.min(rec.numSamples, row.endSample ?? Math.round((row.endS ?? NaN) * rec.sampleRate));
    if (!(start >= 0 && start < end) || !row.label) {
      result.skipped.push({ line: row.line, reason: `bad range or label for ${rec.name}` });
      continue;
    }
    const list = byRec.get(rec.id) ?? [];
    list.push({ start, end, label: row.label });
    byRec.set(rec.id, list);
  }
  store.db.transaction(() => {
    for (const [id, list] of byRec) {
      for (const s of list) {
        store.segments.create(id, { startSample: s.start, endSample: s.end, labelId: store.labels.ensure(s.label).id });
        result.segments++;
      }
      result.recordings++;
    }
  })();
  return result;
}
