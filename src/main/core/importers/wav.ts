// WAV importer (RIFF/WAVE, little-endian).
// Behaviour:
//  * Formats: PCM integer 8-bit (unsigned), 16, 24, 32-bit (also n-bit samples in a larger slot, e.g.
//    20-bit in 3 bytes or 24-bit in 4, MSB-aligned as the format says), IEEE float 32/64, and
//    WAVE_FORMAT_EXTENSIBLE with the PCM or float subformat GUID. Any channel count.
//  * Integers are scaled to [-1, 1) by the slot size (x / 2^(8·bytes−1)); floats are kept (float64 → float32).
//  * Channel names from the EXTENSIBLE channel mask (FL, FR, FC, LFE, BL, BR, …) when it names every
//    channel, else ch1..chN; unit ''. Sample rate from the header.
//  * Unknown chunks are skipped (odd sizes with their pad byte), also between fmt and data.
//  * Data chunk cut short by the end of the file: the whole frames present are imported + a warning.
//    Data size 0 or 0xFFFFFFFF (unfinished streaming header): read to the end of the file + a warning.
//    A trailing partial frame is dropped (warning). Byte rate ≠ rate × block align: warning (the byte
//    rate is redundant; the sample rate and block align are used).
//  * Errors: RIFX (big-endian), RF64/BW64, RIFF that is not WAVE, µ-law/A-law/ADPCM/other format tags,
//    unknown EXTENSIBLE GUID, 0 channels or 0 Hz, a block align that does not fit the channels/bits,
//    a file that ends inside the RIFF header or fmt chunk, or before any data chunk, no whole frame.
//  * Streaming: blocks of up to 64K frames (~4 MiB at most), each appended as it is decoded.
import type { Importer, ParseContext } from './types';
import { BinaryFile } from './file-blocks';
import { checkAbort } from './invalid-file';
import { readWavLayout, type WavLayout } from './wav-header';

async function parseWav(ctx: ParseContext): Promise<void> {
  const file = await BinaryFile.open(ctx.path);
  try {
    const L = await readWavLayout(file, ctx.path);
    const writer = ctx.sink.begin({ name: ctx.baseName, sampleRate: L.sampleRate, channels: L.channels, startTime: null });
    for (const w of L.warnings) writer.warn(w);
    const nCh = L.channels.length;
    const perBlock = Math.max(1, Math.min(65536, Math.floor((4 << 20) / L.blockAlign)));
    const cols = L.channels.map(() => new Float32Array(perBlock));
    const buf = Buffer.alloc(perBlock * L.blockAlign);
    let done = 0;
    while (done < L.frames) {
      checkAbort(ctx.signal);
      const n = Math.min(perBlock, L.frames - done);
      const pos = L.dataOffset + done * L.blockAlign;
      const got = await file.readAt(pos, n * L.blockAlign, buf);
      const frames = Math.floor(got.length / L.blockAlign);
      if (frames === 0) break;
      decode(got, frames, nCh, L, cols);
      writer.append(frames === perBlock ? cols : cols.map((c) => c.subarray(0, frames)));
      done += frames;
      ctx.onBytes(pos + frames * L.blockAlign);
      if (frames < n) {
        writer.warn(`the file shrank while it was read; ${done} frames were imported`);
        break;
      }
    }
  } finally {
    await file.close();
  }
}

/** Deinterleaves `frames` frames of b into cols, converting to float. */
export function decode(b: Buffer, frames: number, nCh: number, L: Pick<WavLayout, 'float' | 'bytes' | 'blockAlign'>, cols: Float32Array[]): void {
  const step = L.blockAlign;
  for (let c = 0; c < nCh; c++) {
    const col = cols[c];
    let o = c * L.bytes;
    if (L.float) {
      if (L.bytes === 4) for (let i = 0; i < frames; i++, o += step) col[i] = b.readFloatLE(o);
      else for (let i = 0; i < frames; i++, o += step) col[i] = b.readDoubleLE(o);
      continue;
    }
    switch (L.bytes) {
      case 1:
        for (let i = 0; i < frames; i++, o += step) col[i] = (b[o] - 128) / 128;
        break;
      case 2:
        for (let i = 0; i < frames; i++, o += step) col[i] = (((b[o + 1] << 24) >> 16) | b[o]) / 32768;
        break;
      case 3:
        for (let i = 0; i < frames; i++, o += step) col[i] = (((b[o + 2] << 24) >> 8) | (b[o + 1] << 8) | b[o]) / 8388608;
        break;
      default:
        for (let i = 0; i < frames; i++, o += step) col[i] = ((b[o + 3] << 24) | (b[o + 2] << 16) | (b[o + 1] << 8) | b[o]) / 2147483648;
    }
  }
}

export const wavImporter: Importer = {
  id: 'wav',
  label: 'WAV audio',
  extensions: ['.wav', '.wave'],
  sniff: (head) => {
    const id = head.toString('latin1', 0, 4);
    return id === 'RIFX' || id === 'RF64' || id === 'BW64' || (id === 'RIFF' && head.length >= 12);
  },
  parse: parseWav
};
