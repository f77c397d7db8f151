// Multi-threaded XNNPACK for tfjs-backend-wasm under Node, which 4.22 never enables there
// (WASM_HAS_MULTITHREAD_SUPPORT is hard-coded false when IS_NODE; tfjs issue #3830).
//
// The threaded-SIMD build itself runs under Node; three things stand in its way, each handled here
// only for the duration of the backend's first initialisation:
//  1. the flag: we set it to true and pick the thread count (setThreadsCount);
//  2. the pthread worker script: tfjs hands Emscripten a `blob:` URL, which Node's Worker refuses.
//     We write the same worker script to a temporary file and answer that path for that one Blob.
//     Its 'load' message carries the main script as a Blob too (read with importScripts, which
//     cannot read blobs); a postlude in our copy points it at the installed Emscripten glue file;
//  3. the thread cap: the C++ side caps threads at os.cpus().length / 2 (it assumes
//     hyper-threading), so 2 cores give 1 thread. We report 2·n cores while the module starts;
//  4. exit: Emscripten ref()s a Node worker while it runs a pthread, and XNNPACK's pool threads run
//     for the life of the module, so the process would never exit (measured: a finished benchmark
//     hung until killed). The glue takes `Worker` from require('worker_threads') when the module
//     starts; for that moment we hand it a subclass whose ref() does nothing. The main thread waits
//     for pool work with Atomics (synchronously), so nothing needs those workers to hold the loop.
// Nothing is patched after initialisation: URL.createObjectURL, os.cpus and Worker are restored.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import type * as workerThreads from 'node:worker_threads';
import { join } from 'node:path';

const req = createRequire(__filename);
const WASM_PKG = '@tensorflow/tfjs-backend-wasm';

export interface ThreadPatch {
  /** Undoes the patches and deletes the temporary worker script. Idempotent. */
  restore(): void;
}

/** How many threads are worth asking for: every core this process may use, at most 8 (tfjs' pool). */
export function defaultWasmThreads(): number {
  const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(8, n));
}

/** Whether this runtime can run WebAssembly threads at all. */
export function canUseWasmThreads(): boolean {
  return typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object' && typeof URL.createObjectURL === 'function';
}

/** The worker script tfjs would put in a Blob, with our postlude: see point 2 above. */
function workerScript(): { text: string; blobSize: number } {
  const { wasmWorkerContents } = req(`${WASM_PKG}/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js`) as {
    wasmWorkerContents: string;
  };
  const glue = req.resolve(`${WASM_PKG}/wasm-out/tfjs-backend-wasm-threaded-simd.js`);
  // tfjs escapes newlines the same way before making its Blob (they sit inside string literals).
  const escaped = wasmWorkerContents.replace(/\n/g, '\\n');
  const postlude =
    `;(function () { var original = self.onmessage; self.onmessage = function (e) {` +
    ` if (e && e.data && e.data.cmd === 'load' && typeof e.data.urlOrBlob !== 'string') {` +
    ` e.data.urlOrBlob = ${JSON.stringify(glue)}; } return original(e); }; })();\n`;
  return { text: escaped + postlude, blobSize: Buffer.byteLength(escaped, 'utf8') };
}

/**
 * Prepares the next initialisation of the 'wasm' backend to use `threads` threads. Call it before
 * the first `tf.setBackend('wasm')`, then `restore()` once that has settled (either way).
 * Returns null when threads are not possible here or not asked for (threads ≤ 1).
 */
export function prepareWasmThreads(
  tf: typeof import('@tensorflow/tfjs'),
  threads = defaultWasmThreads()
): ThreadPatch | null {
  if (threads <= 1 || !canUseWasmThreads()) return null;
  const wasm = req(WASM_PKG) as typeof import('@tensorflow/tfjs-backend-wasm');
  const { text, blobSize } = workerScript();
  const dir = mkdtempSync(join(os.tmpdir(), 'sensorlab-wasm-'));
  const file = join(dir, 'pthread-worker.cjs');
  writeFileSync(file, text);

  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  URL.createObjectURL = (obj: Blob | unknown): string => {
    const blob = obj as Blob;
    if (blob instanceof Blob && blob.type === 'application/javascript' && blob.size === blobSize) return file;
    return createObjectURL(obj as Blob);
  };
  // The glue reads require('worker_threads').Worker (the CommonJS exports object) at start-up.
  const threadsModule = req('node:worker_threads') as typeof workerThreads;
  const NodeWorker = threadsModule.Worker;
  class UnrefWorker extends NodeWorker {
    override ref(): void {
      // Pool threads never end; a ref'd worker would keep the process alive forever.
    }
  }
  threadsModule.Worker = UnrefWorker;
  const oneCpu = cpus()[0];
  os.cpus = () => Array.from({ length: 2 * threads }, () => oneCpu);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);

  let restored = false;
  return {
    restore(): void {
      if (restored) return;
      restored = true;
      URL.createObjectURL = createObjectURL;
      os.cpus = cpus;
      threadsModule.Worker = NodeWorker;
      // The pool's workers have read the script by the time initialisation settles.
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** Threads the initialised wasm backend uses (1 without threads), or 0 when it is not initialised. */
export function wasmThreadsInUse(): number {
  try {
    const wasm = req(WASM_PKG) as typeof import('@tensorflow/tfjs-backend-wasm');
    return wasm.getThreadsCount();
  } catch {
    return 0;
  }
}
