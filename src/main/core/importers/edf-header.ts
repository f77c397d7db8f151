// Reads the EDF/EDF+/BDF/BDF+ header: the 256-byte main header and 256 bytes per signal, all ASCII
// fields padded with spaces. Numbers may be written `.5`, `1E3`, `+5`; dates and times may use any
// separator (`dd.mm.yy`, `dd-mm-yy`, `hh:mm:ss`). See edf.ts for the documented behaviours.
import type { BinaryFile } from './file-blocks';
import { invalidFile, showText } from './invalid-file';

export interface EdfSignal {
  index: number;
  label: string;
  unit: string;
  physMin: number;
  physMax: number;
  digMin: number;
  digMax: number;
  samplesPerRecord: number;
  annotations: boolean;
  /** Byte offset of this signal inside a data record. */
  offset: number;
}

export interface EdfHeader {
  bdf: boolean;
  plus: boolean;
  discontinuous: boolean;
  headerBytes: number;
  /** Records as declared (-1 when unknown). */
  declaredRecords: number;
  recordDuration: number;
  signals: EdfSignal[];
  recordBytes: number;
  sampleBytes: number;
  startTime: string | null;
  warnings: string[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

export function isEdfHead(head: Buffer): boolean {
  const bdf = head[0] === 0xff && head.toString('latin1', 1, 8) === 'BIOSEMI';
  const edf = head.toString('latin1', 0, 8) === '0       ';
  if (!bdf && !edf) return false;
  if (head.length < 256) return true;
  const ns = head.toString('latin1', 252, 256).trim();
  const hb = head.toString('latin1', 184, 192).trim();
  return /^\d+$/.test(ns) && /^\d+$/.test(hb);
}

export async function readEdfHeader(file: BinaryFile, path: string): Promise<EdfHeader> {
  const main = await file.readAt(0, 256);
  if (main.length < 256) throw invalidFile(path, { byte: main.length }, 'the file ends inside the 256-byte EDF header');
  const warnings: string[] = [];
  let nonAscii = false;
  const field = (buf: Buffer, at: number, len: number): string => {
    const raw = buf.subarray(at, at + len);
    if (raw.some((c) => c >= 0x80 || c < 0x20)) nonAscii = true;
    let s: string;
    try {
      s = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      s = raw.toString('latin1');
    }
    return s.replace(/\0/g, ' ').trim();
  };
  const num = (buf: Buffer, at: number, len: number, what: string, base = 0): number => {
    const text = field(buf, at, len);
    if (!NUMBER.test(text)) throw invalidFile(path, { byte: base + at }, `header field ${what}: ${showText(text)} is not a number`);
    return Number(text);
  };
  const bdf = main[0] === 0xff;
  const reserved = field(main, 192, 44);
  const plus = /^(EDF|BDF)\+[CD]/.test(reserved);
  const headerBytes = num(main, 184, 8, 'header size');
  const declaredRecords = num(main, 236, 8, 'number of data records');
  const recordDuration = num(main, 244, 8, 'record duration');
  const ns = num(main, 252, 4, 'number of signals');
  if (!Number.isInteger(ns) || ns < 1) throw invalidFile(path, { byte: 252 }, `the header says ${ns} signals`);
  if (headerBytes !== 256 * (ns + 1)) {
    throw invalidFile(path, { byte: 184 }, `the header size field says ${headerBytes} bytes, but ${ns} signals need ${256 * (ns + 1)}`);
  }
  if (!Number.isInteger(declaredRecords) || declaredRecords < -1) throw invalidFile(path, { byte: 236 }, `the header says ${declaredRecords} data records`);
  const sh = await file.readAt(256, 256 * ns);
  if (sh.length < 256 * ns) throw invalidFile(path, { byte: 256 + sh.length }, `the file ends inside the signal headers (${ns} signals need ${256 * (ns + 1)} header bytes)`);
  const col = (width: number, before: number, i: number) => before * ns + i * width;
  const signals: EdfSignal[] = [];
  const sampleBytes = bdf ? 3 : 2;
  let offset = 0;
  for (let i = 0; i < ns; i++) {
    const label = field(sh, col(16, 0, i), 16);
    const who = `(signal ${i + 1} ${JSON.stringify(label)})`;
    const annotations = plus && /^(EDF|BDF) Annotations$/.test(label);
    const s: EdfSignal = {
      index: i,
      label,
      unit: field(sh, col(8, 96, i), 8),
      physMin: num(sh, col(8, 104, i), 8, `physical minimum ${who}`, 256),
      physMax: num(sh, col(8, 112, i), 8, `physical maximum ${who}`, 256),
      digMin: num(sh, col(8, 120, i), 8, `digital minimum ${who}`, 256),
      digMax: num(sh, col(8, 128, i), 8, `digital maximum ${who}`, 256),
      samplesPerRecord: num(sh, col(8, 216, i), 8, `samples per record ${who}`, 256),
      annotations,
      offset
    };
    if (!Number.isInteger(s.samplesPerRecord) || s.samplesPerRecord < 1) {
      throw invalidFile(path, { byte: 256 + col(8, 216, i) }, `signal ${i + 1} ${JSON.stringify(label)} has ${s.samplesPerRecord} samples per record`);
    }
    if (!annotations) {
      if (s.digMin === s.digMax) throw invalidFile(path, { byte: 256 + col(8, 120, i) }, `signal ${i + 1} ${JSON.stringify(label)}: digital minimum equals digital maximum (${s.digMin}), so values cannot be scaled`);
      if (s.digMin > s.digMax) throw invalidFile(path, { byte: 256 + col(8, 120, i) }, `signal ${i + 1} ${JSON.stringify(label)}: digital minimum ${s.digMin} is above the maximum ${s.digMax}`);
      if (s.physMin === s.physMax) throw invalidFile(path, { byte: 256 + col(8, 104, i) }, `signal ${i + 1} ${JSON.stringify(label)}: physical minimum equals physical maximum (${s.physMin}), so values cannot be scaled`);
    }
    offset += s.samplesPerRecord * sampleBytes;
    signals.push(s);
  }
  if (!signals.some((s) => !s.annotations)) throw invalidFile(path, { byte: 256 }, 'the file has no data signals (only annotations)');
  if (!(recordDuration > 0) || !Number.isFinite(recordDuration) || !Number.isFinite(signals[0].samplesPerRecord / recordDuration)) throw invalidFile(path, { byte: 244 }, `the record duration is ${recordDuration} s; a file with data signals needs a positive duration`);
  if (nonAscii) warnings.push('the header holds non-ASCII bytes (EDF headers are ASCII); they were read as UTF-8 or Latin-1');
  const startTime = startOf(field(main, 168, 8), field(main, 176, 8), plus ? field(main, 88, 80) : '', warnings);
  return {
    bdf,
    plus,
    discontinuous: /^(EDF|BDF)\+D/.test(reserved),
    headerBytes,
    declaredRecords,
    recordDuration,
    signals,
    recordBytes: offset,
    sampleBytes,
    startTime,
    warnings
  };
}

/** `dd.mm.yy` + `hh.mm.ss` (any separators) → `YYYY-MM-DDTHH:MM:SS`; EDF+ `Startdate dd-MMM-yyyy` gives the century. */
function startOf(date: string, time: string, recording: string, warnings: string[]): string | null {
  const d = /^(\d{1,2})\D(\d{1,2})\D(\d{2})$/.exec(date);
  const t = /^(\d{1,2})\D(\d{1,2})\D(\d{1,2})$/.exec(time);
  if (!d || !t) {
    warnings.push(`the start date/time ${JSON.stringify(`${date} ${time}`)} could not be read; no start time was kept`);
    return null;
  }
  const yy = Number(d[3]);
  let year = yy >= 85 ? 1900 + yy : 2000 + yy;
  const plus = /^Startdate (\d{2})-([A-Z]{3})-(\d{4})/i.exec(recording);
  if (plus && MONTHS.includes(plus[2].toUpperCase())) year = Number(plus[3]);
  const [day, month] = [Number(d[1]), Number(d[2])];
  const [h, m, s] = [Number(t[1]), Number(t[2]), Number(t[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60) {
    warnings.push(`the start date/time ${JSON.stringify(`${date} ${time}`)} is not a valid date; no start time was kept`);
    return null;
  }
  const p = (x: number, w = 2) => String(x).padStart(w, '0');
  return `${p(year, 4)}-${p(month)}-${p(day)}T${p(h)}:${p(m)}:${p(s)}`;
}
