// Storage layout constants shared by the writer and the readers.

/** Samples per channel in one stored chunk (a 64 KiB float32 blob). */
export const CHUNK_SAMPLES = 16384;
/** Each summary level aggregates this many buckets of the level below (level 1: this many samples). */
export const LEVEL_FACTOR = 16;
/** Min/max pairs per summary blob (64 KiB of float32). */
export const SUMMARY_BINS = 8192;

/** Samples per bucket at a summary level (level 0 = raw samples). */
export function bucketSize(level: number): number {
  return LEVEL_FACTOR ** level;
}

/** Number of summary levels worth keeping for a recording of n samples (at least one bucket of 2+). */
export function levelsFor(numSamples: number): number {
  let levels = 0;
  while (bucketSize(levels + 1) < numSamples) levels++;
  return levels;
}

export function toBlob(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

export function fromBlob(b: Buffer): Float32Array {
  // Copy so the result is aligned and independent of SQLite's buffer.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}
