// Activates tfjs-backend-wasm with threads where possible and SensorLab's fast kernels: the one
// call the benchmark, the tests and the backend chooser can share.
import { createRequire } from 'node:module';
import { registerFastWasmKernels } from './register';
import { defaultWasmThreads, prepareWasmThreads, wasmThreadsInUse } from './wasm-threads';

type Tf = typeof import('@tensorflow/tfjs');
const req = createRequire(__filename);

export interface WasmInitOptions {
  /** Threads for XNNPACK (default: every core, at most 8). 1 = the stock single-threaded build. */
  threads?: number;
  /** Register the fast kernels (default true). */
  fastKernels?: boolean;
}

export interface WasmInitResult {
  threads: number;
  simd: boolean;
  fastKernels: boolean;
  /** Why threads were not used, when they were asked for and are not. */
  threadsNote?: string;
}

async function activate(tf: Tf): Promise<boolean> {
  try {
    const ok = await tf.setBackend('wasm');
    if (ok) await tf.ready();
    return ok;
  } catch {
    return false;
  }
}

/**
 * Makes 'wasm' the active backend. The thread count is fixed by the first initialisation in a
 * process; later calls only re-activate. A threaded start that fails falls back to one thread.
 */
export async function initWasmBackend(tf: Tf, options: WasmInitOptions = {}): Promise<WasmInitResult> {
  const wasm = req('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  const threads = options.threads ?? defaultWasmThreads();
  const fastKernels = options.fastKernels ?? true;
  const firstInit = wasmThreadsInUse() <= 0;
  let threadsNote: string | undefined;
  let ok: boolean;
  if (firstInit && threads > 1) {
    const patch = prepareWasmThreads(tf, threads);
    if (!patch) threadsNote = 'SharedArrayBuffer/Atomics unavailable';
    try {
      ok = await activate(tf);
    } finally {
      patch?.restore();
    }
    if (!ok && patch) {
      threadsNote = 'the threaded WASM build failed to start; using one thread';
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      wasm.setThreadsCount(1);
      // The engine keeps the factory after a failed start, and it reads the flag again.
      ok = await activate(tf);
    }
  } else {
    ok = await activate(tf);
  }
  if (!ok) throw new Error("tf.setBackend('wasm') failed");
  if (fastKernels) registerFastWasmKernels();
  const inUse = wasmThreadsInUse();
  if (threads > 1 && inUse < threads && !threadsNote) threadsNote = `the backend runs ${inUse} thread(s)`;
  return {
    threads: inUse,
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    fastKernels,
    threadsNote
  };
}
