// Runs the WASM backend's own kernels from inside another kernel, and frees what they leave behind.
// The fast kernels in this folder are compositions of stock XNNPACK-backed kernels (Conv2D,
// Transpose) plus a few memory moves done in JavaScript directly on the WASM heap.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type Info = tf.TensorInfo;
export type Attrs = Record<string, unknown>;

/** Intermediate tensors made while one kernel runs; `dispose()` frees all but those `keep()` names. */
export class WasmKernelScope {
  private temps: Info[] = [];

  constructor(readonly backend: BackendWasm) {}

  /** Runs the stock (or our) `kernel` registered for 'wasm' and tracks its output. */
  run(kernel: string, inputs: Record<string, Info>, attrs: Attrs = {}): Info {
    const config = tf.getKernel(kernel, 'wasm');
    if (!config) throw new Error(`kernel ${kernel} is not registered for the wasm backend`);
    const out = config.kernelFunc({
      inputs: inputs as tf.NamedTensorInfoMap,
      backend: this.backend,
      attrs: attrs as tf.NamedAttrMap
    });
    if (Array.isArray(out)) throw new Error(`kernel ${kernel} returned several outputs`);
    this.temps.push(out);
    return out;
  }

  /** A new shape on the same data (no copy); tracked like any output. */
  reshape(x: Info, shape: number[]): Info {
    this.backend.incRef(x.dataId);
    const out: Info = { dataId: x.dataId, shape, dtype: x.dtype };
    this.temps.push(out);
    return out;
  }

  /** Uninitialised float32 memory on the WASM heap. */
  alloc(shape: number[]): Info {
    const out = this.backend.makeOutput(shape, 'float32');
    this.temps.push(out);
    return out;
  }

  /**
   * A float32 view of a tensor's memory. Take views only after the last allocation of a step: an
   * allocation may grow the heap, which detaches (or, with threads, outdates) earlier views.
   */
  view(x: Info): Float32Array {
    return this.backend.typedArrayFromHeap(x) as Float32Array;
  }

  /** Takes `x` out of the scope so that it survives `dispose()` (the kernel's result). */
  keep(x: Info): Info {
    this.temps = this.temps.filter((t) => t !== x);
    return x;
  }

  dispose(): void {
    for (const t of this.temps) this.backend.disposeData(t.dataId);
    this.temps = [];
  }
}

/** Runs `body` in a fresh scope; its result is kept, everything else made inside is freed. */
export function withScope(backend: unknown, body: (s: WasmKernelScope) => Info): Info {
  const scope = new WasmKernelScope(backend as BackendWasm);
  try {
    return scope.keep(body(scope));
  } finally {
    scope.dispose();
  }
}

/**
 * Copies `rows` blocks of `len` floats: block i goes from `src[srcStart + i*srcStride]` to
 * `dst[dstStart + i*dstStride]`. The workhorse for crops and interleaves on the heap.
 */
export function copyRows(
  src: Float32Array,
  srcStart: number,
  srcStride: number,
  dst: Float32Array,
  dstStart: number,
  dstStride: number,
  rows: number,
  len: number
): void {
  for (let i = 0; i < rows; i++) {
    const s = srcStart + i * srcStride;
    dst.set(src.subarray(s, s + len), dstStart + i * dstStride);
  }
}
