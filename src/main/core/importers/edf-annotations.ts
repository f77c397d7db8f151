// EDF+ annotation signals: each data record's bytes hold Time-stamped Annotation Lists (TALs):
//   +onset[0x15 duration]0x14 text 0x14 [text 0x14 …] 0x00
// The first TAL of a record is its time-keeping TAL (onset, no text). Trailing 0x00 bytes pad the signal.

export interface Tal {
  onset: number;
  duration: number | null;
  texts: string[];
}

export interface RecordTals {
  /** Onset of the record (its time-keeping TAL), or null when missing. */
  recordOnset: number | null;
  tals: Tal[];
  /** Offset (inside the bytes given) of the first malformed TAL, or -1. */
  badAt: number;
}

const ONSET = /^[+-](\d+\.?\d*|\.\d+)$/;
const DURATION = /^(\d+\.?\d*|\.\d+)$/;
const utf8 = new TextDecoder('utf-8');

/** Parses the annotation bytes of one record; stops at the first malformed TAL (badAt says where). */
export function parseRecordTals(bytes: Uint8Array): RecordTals {
  const out: RecordTals = { recordOnset: null, tals: [], badAt: -1 };
  let i = 0;
  let first = true;
  while (i < bytes.length) {
    if (bytes[i] === 0) {
      i++;
      continue;
    }
    const start = i;
    let end = i;
    while (end < bytes.length && bytes[end] !== 0) end++;
    const tal = parseTal(bytes.subarray(start, end));
    if (!tal) {
      out.badAt = start;
      return out;
    }
    if (first && tal.texts.length === 0) out.recordOnset = tal.onset;
    else if (tal.texts.length > 0) out.tals.push(tal);
    first = false;
    i = end + 1;
  }
  return out;
}

function parseTal(b: Uint8Array): Tal | null {
  let k = 0;
  while (k < b.length && b[k] !== 0x14 && b[k] !== 0x15) k++;
  if (k === b.length) return null;
  const onsetText = Buffer.from(b.buffer, b.byteOffset, k).toString('latin1');
  if (!ONSET.test(onsetText)) return null;
  let duration: number | null = null;
  if (b[k] === 0x15) {
    const s = k + 1;
    k = s;
    while (k < b.length && b[k] !== 0x14) k++;
    if (k === b.length) return null;
    const dText = Buffer.from(b.buffer, b.byteOffset + s, k - s).toString('latin1');
    if (dText !== '') {
      if (!DURATION.test(dText)) return null;
      duration = Number(dText);
    }
  }
  // b[k] is 0x14: texts follow, each ended by 0x14.
  const texts: string[] = [];
  let s = k + 1;
  for (let j = s; j < b.length; j++) {
    if (b[j] === 0x14) {
      const t = utf8.decode(b.subarray(s, j)).trim();
      if (t) texts.push(t);
      s = j + 1;
    }
  }
  if (s < b.length) {
    const t = utf8.decode(b.subarray(s)).trim();
    if (t) texts.push(t);
  }
  return { onset: Number(onsetText), duration, texts };
}
