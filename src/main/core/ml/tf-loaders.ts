// The real loaders for backend.ts. Kept apart so the selection order is unit-tested with fakes.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BackendInfo } from '../../../shared/domain';
import { type BackendLoader, type BackendSelection, parseForced, selectBackend } from './backend';
import { initWasmBackend } from './wasm';

type Tf = typeof import('@tensorflow/tfjs');

const req = createRequire(__filename);
let selected: Promise<{ tf: Tf; selection: BackendSelection }> | null = null;

function tfjs(): Tf {
  return req('@tensorflow/tfjs') as Tf;
}

async function activate(tf: Tf, name: string): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
}

function nativeLoader(choice: 'tensorflow-gpu' | 'tensorflow', pkg: string): BackendLoader {
  return {
    choice,
    async load(): Promise<BackendInfo> {
      // Throws MODULE_NOT_FOUND when npm removed the package, or a plain Error when the native
      // binding is missing (libtensorflow could not be downloaded): both mean "next one".
      req(pkg);
      const tf = tfjs();
      await activate(tf, 'tensorflow');
      const version = (tf.version as Record<string, string>)['tfjs-node'] ?? tf.version.tfjs;
      return {
        backend: 'tensorflow',
        device: choice === 'tensorflow-gpu' ? 'GPU' : 'CPU',
        detail: `${pkg} ${version} (libtensorflow${choice === 'tensorflow-gpu' ? ', CUDA' : ''})`
      };
    }
  };
}

const wasmLoader: BackendLoader = {
  choice: 'wasm',
  async load(): Promise<BackendInfo> {
    const tf = tfjs();
    const wasm = req('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    // Load the .wasm files from the installed package, never from the network.
    const dist = dirname(req.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    wasm.setWasmPaths(join(dist, '/'));
    // XNNPACK threads on every core (SENSORLAB_WASM_THREADS overrides) and the fast 1-D conv,
    // BatchNorm and Tile kernels of ./wasm.
    const init = await initWasmBackend(tf, { threads: wasmThreadsFromEnv() });
    const threads = `${init.threads} thread${init.threads === 1 ? '' : 's'}`;
    return {
      backend: 'wasm',
      device: 'CPU',
      detail:
        `tfjs-backend-wasm ${wasm.version_wasm}${init.simd ? ' SIMD' : ''}, ${threads}` +
        `${init.threadsNote ? ` (${init.threadsNote})` : ''}, SensorLab fast conv gradients`
    };
  }
};

/** SENSORLAB_WASM_THREADS: a positive thread count, or unset for every core. */
function wasmThreadsFromEnv(value = process.env.SENSORLAB_WASM_THREADS): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`SENSORLAB_WASM_THREADS=${value} is not a positive integer`);
  return n;
}

const cpuLoader: BackendLoader = {
  choice: 'cpu',
  async load(): Promise<BackendInfo> {
    const tf = tfjs();
    await activate(tf, 'cpu');
    return { backend: 'cpu', device: 'CPU', detail: `tfjs-backend-cpu ${tf.version.tfjs} (pure JavaScript, slow)` };
  }
};

export const defaultLoaders: BackendLoader[] = [
  nativeLoader('tensorflow-gpu', '@tensorflow/tfjs-node-gpu'),
  nativeLoader('tensorflow', '@tensorflow/tfjs-node'),
  wasmLoader,
  cpuLoader
];

/** Loads TensorFlow.js once per process with the best backend available. */
export function loadTf(forced = process.env.SENSORLAB_BACKEND): Promise<{ tf: Tf; selection: BackendSelection }> {
  if (!selected) {
    selected = (async () => {
      const selection = await selectBackend(defaultLoaders, parseForced(forced));
      return { tf: tfjs(), selection };
    })();
    selected.catch(() => {
      selected = null;
    });
  }
  return selected;
}
