// EDF, EDF+, BDF (24-bit) and BDF+ importer.
// Behaviour:
//  * Values: phys = (dig − digMin)·(physMax − physMin)/(digMax − digMin) + physMin, stored as float32;
//    channel name = signal label, unit = physical dimension. BDF samples are 24-bit little-endian.
//  * Signals at different rates (samples per record / record duration) become separate recordings, one
//    per rate; the group with the most signals (ties: the first) keeps the file's name, the others are
//    named `file@<rate>Hz`. startTime from the header date/time (`YYYY-MM-DDTHH:MM:SS`, no zone; any
//    date separator; years 85–99 → 19xx, else 20xx; EDF+ `Startdate dd-MMM-yyyy` gives the full year).
//  * EDF+/BDF+ annotation signals: each TAL text with a duration > 0 becomes a labelled segment on every
//    recording of the file (sample = round((onset − first record's onset) · rate)); annotations without a
//    duration (events) are not imported, a warning counts them. A malformed TAL: warning, the rest of that
//    record's annotations skipped. EDF+D (discontinuous): records are joined end to end, with a warning
//    when their time-keeping onsets show gaps.
//  * Record count −1: computed from the file size, with a warning. File size ≠ header: fewer complete
//    records than declared → the complete ones are imported + warning; a partial last record or extra
//    bytes → ignored + warning. No complete record → error.
//  * Errors: digital min = max, digital min > max, physical min = max (data signals), a header size field
//    that disagrees with the signal count, non-numeric header numbers, record duration ≤ 0, a file that
//    ends inside the headers, no data signals.
//  * Streaming: blocks of whole records (~4 MiB, at least one record), appended per recording.
import type { Importer, ParseContext, RecordingWriter } from './types';
import { BinaryFile } from './file-blocks';
import { checkAbort, fmtNum, invalidFile } from './invalid-file';
import { isEdfHead, readEdfHeader, type EdfHeader, type EdfSignal } from './edf-header';
import { parseRecordTals, type Tal } from './edf-annotations';

interface Group {
  rate: number;
  spr: number;
  signals: EdfSignal[];
  writer: RecordingWriter;
  cols: Float32Array[];
}

async function parseEdf(ctx: ParseContext): Promise<void> {
  const file = await BinaryFile.open(ctx.path);
  try {
    const h = await readEdfHeader(file, ctx.path);
    const records = countRecords(h, file.size, ctx.path);
    const groups = openGroups(h, ctx, records.warnings);
    const notes = h.signals.filter((s) => s.annotations);
    const perBlock = Math.max(1, Math.min(records.count, Math.floor((4 << 20) / h.recordBytes)));
    for (const g of groups) g.cols = g.signals.map(() => new Float32Array(perBlock * g.spr));
    const buf = Buffer.alloc(perBlock * h.recordBytes);
    const tals: Tal[] = [];
    let t0: number | null = null;
    let gaps = 0;
    let badTals = 0;
    for (let r = 0; r < records.count; r += perBlock) {
      checkAbort(ctx.signal);
      const n = Math.min(perBlock, records.count - r);
      const pos = h.headerBytes + r * h.recordBytes;
      const b = await file.readAt(pos, n * h.recordBytes, buf);
      if (b.length < n * h.recordBytes) throw invalidFile(ctx.path, { byte: pos + b.length }, 'the file shrank while it was read');
      for (const g of groups) decodeGroup(b, n, h, g);
      for (let k = 0; k < n; k++) {
        for (const a of notes) {
          const start = k * h.recordBytes + a.offset;
          const rt = parseRecordTals(b.subarray(start, start + a.samplesPerRecord * h.sampleBytes));
          if (rt.badAt >= 0) badTals++;
          const expected = (r + k) * h.recordDuration;
          if (rt.recordOnset !== null) {
            if (t0 === null) t0 = rt.recordOnset;
            else if (Math.abs(rt.recordOnset - t0 - expected) > 1e-3) gaps++;
          }
          tals.push(...rt.tals);
        }
      }
      ctx.onBytes(pos + n * h.recordBytes);
    }
    const first = groups[0].writer;
    for (const w of [...h.warnings, ...records.warnings]) first.warn(w);
    if (badTals) first.warn(`${badTals} records held a malformed annotation (TAL); the rest of their annotations were skipped`);
    if (gaps) first.warn(`EDF+D: ${gaps} data records do not follow the previous one in time; the records were joined end to end`);
    addSegments(tals, t0 ?? 0, groups);
  } finally {
    await file.close();
  }
}

function countRecords(h: EdfHeader, size: number, path: string): { count: number; warnings: string[] } {
  const warnings: string[] = [];
  const body = size - h.headerBytes;
  const whole = Math.max(0, Math.floor(body / h.recordBytes));
  const extra = body - whole * h.recordBytes;
  let count = h.declaredRecords;
  if (count === -1) {
    count = whole;
    warnings.push(`the header's record count is -1 (unknown); ${whole} records were counted from the file size`);
    if (extra > 0) warnings.push(`the file ends with ${extra} bytes of an incomplete record; they were ignored`);
  } else if (whole < count) {
    warnings.push(`the header declares ${count} data records but the file holds ${whole} complete ones (${body} bytes of ${count * h.recordBytes}); ${whole} were imported`);
    count = whole;
  } else if (body > count * h.recordBytes) {
    warnings.push(`the file has ${body - count * h.recordBytes} bytes after the ${count} records the header declares; they were ignored`);
  }
  if (count === 0) throw invalidFile(path, { byte: h.headerBytes }, `no complete data record (a record is ${h.recordBytes} bytes; ${Math.max(body, 0)} bytes follow the header)`);
  return { count, warnings };
}

function openGroups(h: EdfHeader, ctx: ParseContext, warnings: string[]): Group[] {
  const byRate = new Map<number, EdfSignal[]>();
  for (const s of h.signals) {
    if (s.annotations) continue;
    const rate = s.samplesPerRecord / h.recordDuration;
    const list = byRate.get(rate) ?? [];
    list.push(s);
    byRate.set(rate, list);
  }
  const entries = [...byRate.entries()];
  const primary = entries.reduce((best, e) => (e[1].length > best[1].length ? e : best), entries[0]);
  if (entries.length > 1) warnings.push(`signals at ${entries.length} different rates were imported as ${entries.length} recordings`);
  return entries.map(([rate, signals]) => ({
    rate,
    spr: signals[0].samplesPerRecord,
    signals,
    cols: [],
    writer: ctx.sink.begin({
      name: rate === primary[0] ? ctx.baseName : `${ctx.baseName}@${fmtNum(rate)}Hz`,
      sampleRate: rate,
      channels: signals.map((s) => ({ name: s.label || `signal ${s.index + 1}`, unit: s.unit })),
      startTime: h.startTime
    })
  }));
}

function decodeGroup(b: Buffer, n: number, h: EdfHeader, g: Group): void {
  const spr = g.spr;
  g.signals.forEach((s, c) => {
    const col = g.cols[c];
    const scale = (s.physMax - s.physMin) / (s.digMax - s.digMin);
    const shift = s.physMin - s.digMin * scale;
    for (let k = 0; k < n; k++) {
      let o = k * h.recordBytes + s.offset;
      const base = k * spr;
      if (h.sampleBytes === 2) {
        for (let j = 0; j < spr; j++, o += 2) col[base + j] = (((b[o + 1] << 24) >> 16) | b[o]) * scale + shift;
      } else {
        for (let j = 0; j < spr; j++, o += 3) col[base + j] = (((b[o + 2] << 24) >> 8) | (b[o + 1] << 8) | b[o]) * scale + shift;
      }
    }
  });
  const len = n * spr;
  g.writer.append(len === g.cols[0].length ? g.cols : g.cols.map((c) => c.subarray(0, len)));
}

function addSegments(tals: Tal[], t0: number, groups: Group[]): void {
  let events = 0;
  let example = '';
  for (const t of tals) {
    if (!(t.duration !== null && t.duration > 0)) {
      events += t.texts.length;
      if (!example) example = `${JSON.stringify(t.texts[0])} at ${fmtNum(t.onset)} s`;
      continue;
    }
    for (const g of groups) {
      const start = Math.max(0, Math.round((t.onset - t0) * g.rate));
      const end = Math.round((t.onset + t.duration - t0) * g.rate);
      for (const text of t.texts) if (end > start) g.writer.addSegment(start, end, text);
    }
  }
  if (events) groups[0].writer.warn(`${events} annotations without a duration (events, e.g. ${example}) were not imported as segments`);
}

export const edfImporter: Importer = {
  id: 'edf',
  label: 'EDF/BDF',
  extensions: ['.edf', '.bdf', '.rec'],
  sniff: (head) => isEdfHead(head),
  parse: parseEdf
};
