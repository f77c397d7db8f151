// Light augmentation of training batches (z-scored, channels last), applied to a copy, never to
// validation or test data: per-example time shift (edge values repeated), per-example-and-channel
// scaling, and additive Gaussian jitter.
import { gaussian, type Rng } from './rng';

export interface AugmentOptions {
  /** Std of the additive noise, in z-score units. */
  jitter: number;
  /** Std of the multiplicative factor around 1. */
  scale: number;
  /** Largest shift as a fraction of the window length. */
  shift: number;
}

export const DEFAULT_AUGMENT: AugmentOptions = { jitter: 0.03, scale: 0.1, shift: 0.1 };

/** Gathers examples `idx` of channels-last `x` into `out`, augmented when `aug` is given. */
export function gatherBatch(
  x: Float32Array,
  idx: ArrayLike<number>,
  length: number,
  channels: number,
  out: Float32Array,
  aug: { rng: Rng; options: AugmentOptions } | null
): void {
  const stride = length * channels;
  for (let b = 0; b < idx.length; b++) {
    const src = idx[b] * stride;
    const dst = b * stride;
    if (!aug) {
      out.set(x.subarray(src, src + stride), dst);
      continue;
    }
    const { rng, options } = aug;
    const maxShift = Math.floor(options.shift * length);
    const shift = maxShift > 0 ? Math.floor(rng() * (2 * maxShift + 1)) - maxShift : 0;
    for (let c = 0; c < channels; c++) {
      const k = 1 + options.scale * gaussian(rng);
      for (let t = 0; t < length; t++) {
        const st = Math.min(length - 1, Math.max(0, t - shift));
        out[dst + t * channels + c] = x[src + st * channels + c] * k + options.jitter * gaussian(rng);
      }
    }
  }
}
