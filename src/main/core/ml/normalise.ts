// Per-channel z-score statistics (from the training windows only) and their application. NaN marks
// padding: it is left out of the statistics and becomes 0 — the channel's training mean — when applied.

export interface Normalisation {
  mean: number[];
  std: number[];
}

/** Smallest standard deviation used; flatter channels are only centred. */
const MIN_STD = 1e-6;

/** Mean and (population) standard deviation per channel of channels-last data, ignoring NaN. */
export function channelStats(x: Float32Array, channels: number): Normalisation {
  const sum = new Float64Array(channels);
  const count = new Float64Array(channels);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (Number.isNaN(v)) continue;
    const c = i % channels;
    sum[c] += v;
    count[c]++;
  }
  const mean = Array.from(sum, (s, c) => (count[c] > 0 ? s / count[c] : 0));
  const sq = new Float64Array(channels);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (Number.isNaN(v)) continue;
    const c = i % channels;
    const d = v - mean[c];
    sq[c] += d * d;
  }
  const std = Array.from(sq, (s, c) => {
    const sd = count[c] > 0 ? Math.sqrt(s / count[c]) : 1;
    return sd > MIN_STD ? sd : 1;
  });
  return { mean, std };
}

/** (v − mean) / std per channel, in place; NaN (padding) becomes 0. */
export function normaliseInPlace(x: Float32Array, stats: Normalisation): void {
  const channels = stats.mean.length;
  const inv = stats.std.map((s) => 1 / s);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const c = i % channels;
    x[i] = Number.isNaN(v) ? 0 : (v - stats.mean[c]) * inv[c];
  }
}
