// Reads the RIFF/WAVE chunk list: the fmt chunk (PCM, IEEE float or WAVE_FORMAT_EXTENSIBLE) and where the
// data chunk is. Unknown chunks are skipped (odd sizes with their pad byte); the walk stops at the data
// chunk once fmt is known. See wav.ts for the documented behaviours.
import type { Channel } from '../../../shared/domain';
import type { BinaryFile } from './file-blocks';
import { invalidFile } from './invalid-file';

export interface WavLayout {
  float: boolean;
  /** Bytes per sample of one channel (the container). */
  bytes: number;
  channels: Channel[];
  sampleRate: number;
  blockAlign: number;
  dataOffset: number;
  /** Whole frames present in the file. */
  frames: number;
  warnings: string[];
}

const MASK_NAMES = ['FL', 'FR', 'FC', 'LFE', 'BL', 'BR', 'FLC', 'FRC', 'BC', 'SL', 'SR', 'TC', 'TFL', 'TFC', 'TFR', 'TBL', 'TBC', 'TBR'];
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
const TAG_NAMES = new Map<number, string>([
  [2, 'Microsoft ADPCM'],
  [6, 'A-law'],
  [7, 'µ-law'],
  [0x11, 'IMA ADPCM'],
  [0x31, 'GSM 6.10'],
  [0x50, 'MPEG'],
  [0x55, 'MP3']
]);

interface Fmt {
  tag: number;
  channels: number;
  rate: number;
  byteRate: number;
  blockAlign: number;
  bits: number;
  mask: number;
  at: number;
}

export async function readWavLayout(file: BinaryFile, path: string): Promise<WavLayout> {
  const riff = await file.readAt(0, 12);
  const id = riff.toString('latin1', 0, 4);
  if (id === 'RIFX') throw invalidFile(path, { byte: 0 }, 'big-endian RIFX WAV files are not supported; convert to little-endian RIFF');
  if (id === 'RF64' || id === 'BW64') throw invalidFile(path, { byte: 0 }, `${id} WAV files (over 4 GiB) are not supported; split or convert to RIFF WAV`);
  if (id !== 'RIFF') throw invalidFile(path, { byte: 0 }, 'not a RIFF file');
  if (riff.length < 12) throw invalidFile(path, { byte: riff.length }, 'the file ends inside the RIFF header');
  const form = riff.toString('latin1', 8, 12);
  if (form !== 'WAVE') throw invalidFile(path, { byte: 8 }, `RIFF file of type ${JSON.stringify(form)}, not WAVE`);
  const warnings: string[] = [];
  let fmt: Fmt | null = null;
  let data: { offset: number; size: number; at: number } | null = null;
  let pos = 12;
  while (!(fmt && data)) {
    if (pos + 8 > file.size) {
      const where = pos >= file.size ? `the file ends at byte ${file.size}` : `the file ends inside a chunk header at byte ${pos}`;
      throw invalidFile(path, { byte: pos }, `${where} without ${fmt ? 'a data' : 'a fmt '} chunk`);
    }
    const h = await file.readAt(pos, 8);
    const cid = h.toString('latin1', 0, 4);
    const size = h.readUInt32LE(4);
    if (cid === 'fmt ') {
      if (size < 16) throw invalidFile(path, { byte: pos + 4 }, `the fmt chunk is ${size} bytes, less than the 16 a WAV header needs`);
      if (pos + 8 + size > file.size) throw invalidFile(path, { byte: file.size }, `the file ends inside the fmt chunk (which starts at byte ${pos})`);
      const b = await file.readAt(pos + 8, Math.min(size, 64));
      fmt = readFmt(b, pos + 8, size, path);
    } else if (cid === 'data') {
      data = { offset: pos + 8, size, at: pos };
      if (!fmt && pos + 8 + size >= file.size) throw invalidFile(path, { byte: pos }, 'the data chunk comes before any fmt chunk');
    } else if (pos + 8 + size > file.size && !data) {
      throw invalidFile(path, { byte: pos }, `chunk ${JSON.stringify(cid)} at byte ${pos} declares ${size} bytes, past the end of the file (${file.size} bytes) and before any data chunk`);
    }
    pos += 8 + size + (size & 1);
  }
  return layout(fmt, data, file.size, path, warnings);
}

function readFmt(b: Buffer, at: number, size: number, path: string): Fmt {
  let tag = b.readUInt16LE(0);
  const f: Fmt = {
    tag,
    channels: b.readUInt16LE(2),
    rate: b.readUInt32LE(4),
    byteRate: b.readUInt32LE(8),
    blockAlign: b.readUInt16LE(12),
    bits: b.readUInt16LE(14),
    mask: 0,
    at
  };
  if (tag === 0xfffe) {
    if (size < 40) throw invalidFile(path, { byte: at }, `WAVE_FORMAT_EXTENSIBLE needs a 40-byte fmt chunk, this one has ${size}`);
    f.mask = b.readUInt32LE(20);
    tag = b.readUInt16LE(24);
    for (let k = 0; k < GUID_TAIL.length; k++) {
      if (b[26 + k] !== GUID_TAIL[k]) throw invalidFile(path, { byte: at + 24 }, 'unknown WAVE_FORMAT_EXTENSIBLE subformat GUID');
    }
    f.tag = tag;
  }
  if (tag !== 1 && tag !== 3) {
    const name = TAG_NAMES.get(tag);
    throw invalidFile(path, { byte: at }, `format tag 0x${tag.toString(16).padStart(4, '0')}${name ? ` (${name})` : ''} is not supported; only PCM integer and IEEE float WAV can be imported`);
  }
  if (f.channels === 0) throw invalidFile(path, { byte: at + 2 }, 'the header says 0 channels');
  if (f.rate === 0) throw invalidFile(path, { byte: at + 4 }, 'the header says a sample rate of 0 Hz');
  return f;
}

function layout(fmt: Fmt, data: { offset: number; size: number; at: number }, fileSize: number, path: string, warnings: string[]): WavLayout {
  const float = fmt.tag === 3;
  const need = Math.ceil(fmt.bits / 8);
  if (fmt.blockAlign === 0 || fmt.blockAlign % fmt.channels !== 0) {
    throw invalidFile(path, { byte: fmt.at + 12 }, `block align ${fmt.blockAlign} does not fit ${fmt.channels} channels`);
  }
  const bytes = fmt.blockAlign / fmt.channels;
  const ok = float ? (fmt.bits === 32 && bytes === 4) || (fmt.bits === 64 && bytes === 8) : fmt.bits >= 1 && bytes >= need && bytes <= 4;
  if (!ok) {
    throw invalidFile(
      path,
      { byte: fmt.at + 12 },
      `${fmt.bits}-bit ${float ? 'float' : 'integer'} samples in ${bytes}-byte slots (block align ${fmt.blockAlign}, ${fmt.channels} channels) are not supported`
    );
  }
  if (fmt.byteRate !== fmt.rate * fmt.blockAlign) {
    warnings.push(`the header's byte rate ${fmt.byteRate} is not sample rate × block align (${fmt.rate * fmt.blockAlign}); the sample rate ${fmt.rate} Hz was used`);
  }
  const avail = fileSize - data.offset;
  let size = data.size;
  if (size === 0xffffffff || (size === 0 && avail > 0)) {
    warnings.push(`the data chunk size is ${size === 0 ? 0 : '0xFFFFFFFF'} (a recorder that never finished the header?); the data were read to the end of the file`);
    size = avail;
  } else if (size > avail) {
    const frames = Math.floor(avail / fmt.blockAlign);
    warnings.push(`the file ends inside the data chunk: ${avail} of ${size} bytes are present; the ${frames} complete frames were imported`);
    size = avail;
  } else if (size % fmt.blockAlign !== 0) {
    warnings.push(`the data chunk (${size} bytes) is not a whole number of ${fmt.blockAlign}-byte frames; the last partial frame was dropped`);
  }
  const frames = Math.floor(size / fmt.blockAlign);
  if (frames === 0) throw invalidFile(path, { byte: data.offset }, 'the data chunk holds no complete sample frame');
  const names = maskNames(fmt.mask, fmt.channels);
  return {
    float,
    bytes,
    channels: names.map((name) => ({ name, unit: '' })),
    sampleRate: fmt.rate,
    blockAlign: fmt.blockAlign,
    dataOffset: data.offset,
    frames,
    warnings
  };
}

function maskNames(mask: number, channels: number): string[] {
  const names: string[] = [];
  for (let bit = 0; bit < MASK_NAMES.length; bit++) if (mask & (1 << bit)) names.push(MASK_NAMES[bit]);
  if (names.length === channels) return names;
  return Array.from({ length: channels }, (_, i) => `ch${i + 1}`);
}
