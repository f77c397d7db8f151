// Tile for the WASM backend as block copies on the heap. The stock kernel computes an index per
// element (~45 ns each here); this one copies the input's innermost rows once and then doubles
// whole blocks with copyWithin, so it runs at memcpy speed. tf.broadcastTo also ends up here.
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Info } from './kernel-scope';

type Typed = Float32Array | Int32Array | Uint8Array;

/** Repeats `reps` copies of dst[start, start+len) right after it (len·reps in total). */
function replicate(dst: Typed, start: number, len: number, reps: number): void {
  let filled = len;
  const total = len * reps;
  while (filled < total) {
    const n = Math.min(filled, total - filled);
    dst.copyWithin(start + filled, start, start + n);
    filled += n;
  }
}

/** Writes x tiled by `reps` into `out` (both row-major; out.shape[i] = x.shape[i]·reps[i]). */
export function tileInto(src: Typed, shape: number[], reps: number[], dst: Typed): void {
  const rank = shape.length;
  if (rank === 0) {
    dst[0] = src[0];
    return;
  }
  const srcStrides = new Array<number>(rank);
  const dstStrides = new Array<number>(rank);
  srcStrides[rank - 1] = 1;
  dstStrides[rank - 1] = 1;
  for (let d = rank - 2; d >= 0; d--) {
    srcStrides[d] = srcStrides[d + 1] * shape[d + 1];
    dstStrides[d] = dstStrides[d + 1] * shape[d + 1] * reps[d + 1];
  }
  const fill = (d: number, s: number, o: number): void => {
    if (d === rank - 1) {
      dst.set(src.subarray(s, s + shape[d]), o);
    } else {
      for (let i = 0; i < shape[d]; i++) fill(d + 1, s + i * srcStrides[d], o + i * dstStrides[d]);
    }
    replicate(dst, o, shape[d] * dstStrides[d], reps[d]);
  };
  fill(0, 0, 0);
}

export function tileKernelConfig(stock: tf.KernelConfig | undefined): tf.KernelConfig {
  return {
    kernelName: 'Tile',
    backendName: 'wasm',
    setupFunc: stock?.setupFunc,
    kernelFunc: (args) => {
      const x = (args.inputs as { x: Info }).x;
      const reps = (args.attrs as { reps: number[] }).reps;
      if (x.dtype === 'string' || reps.length !== x.shape.length) {
        if (!stock) throw new Error('Tile: unsupported input on wasm');
        return stock.kernelFunc(args);
      }
      const b = args.backend as BackendWasm;
      const out = b.makeOutput(
        x.shape.map((n, i) => n * reps[i]),
        x.dtype
      );
      if (out.shape.some((n) => n === 0)) return out;
      tileInto(b.typedArrayFromHeap(x) as Typed, x.shape, reps, b.typedArrayFromHeap(out) as Typed);
      return out;
    }
  };
}
