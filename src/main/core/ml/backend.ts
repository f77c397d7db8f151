// The one place that chooses TensorFlow.js's backend: tfjs-node-gpu, then tfjs-node, then WASM, then
// the pure-JS cpu backend — whichever loads first. SENSORLAB_BACKEND forces one.
import type { BackendInfo } from '../../../shared/domain';

export type BackendChoice = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_ORDER: BackendChoice[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export interface BackendLoader {
  choice: BackendChoice;
  /** Loads and activates the backend, or throws why it cannot. */
  load(): Promise<BackendInfo>;
}

export interface BackendSelection {
  info: BackendInfo;
  /** Why each earlier choice was skipped, in order. */
  skipped: Array<{ choice: BackendChoice; reason: string }>;
}

/** Parses SENSORLAB_BACKEND ('auto' or unset = try all in order). */
export function parseForced(value: string | undefined): BackendChoice | null {
  if (!value || value === 'auto') return null;
  const v = value.trim().toLowerCase();
  const alias: Record<string, BackendChoice> = {
    gpu: 'tensorflow-gpu',
    'tensorflow-gpu': 'tensorflow-gpu',
    'tfjs-node-gpu': 'tensorflow-gpu',
    tensorflow: 'tensorflow',
    'tfjs-node': 'tensorflow',
    native: 'tensorflow',
    wasm: 'wasm',
    cpu: 'cpu'
  };
  const choice = alias[v];
  if (!choice) throw new Error(`SENSORLAB_BACKEND=${value} is not one of auto, gpu, tensorflow, wasm, cpu`);
  return choice;
}

/**
 * Tries the loaders in order (or only the forced one) and returns the first that loads. Any error a
 * loader throws — a missing package, a native addon that cannot be found, a CUDA library missing —
 * means "try the next one"; a forced backend that fails is an error.
 */
export async function selectBackend(loaders: BackendLoader[], forced: BackendChoice | null = null): Promise<BackendSelection> {
  const skipped: BackendSelection['skipped'] = [];
  const candidates = forced ? loaders.filter((l) => l.choice === forced) : loaders;
  for (const loader of candidates) {
    try {
      const info = await loader.load();
      return { info, skipped };
    } catch (err) {
      skipped.push({ choice: loader.choice, reason: err instanceof Error ? err.message.split('\n')[0] : String(err) });
    }
  }
  const why = skipped.map((s) => `${s.choice}: ${s.reason}`).join('; ');
  throw new Error(forced ? `the forced backend ${forced} did not load (${why})` : `no TensorFlow.js backend loaded (${why})`);
}
