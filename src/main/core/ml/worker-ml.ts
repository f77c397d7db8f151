// The MlHost the app uses: TensorFlow.js lives in a worker thread, so training never blocks the main
// process. Requests are messages; progress comes back per batch; cancel sets a shared flag the worker
// reads before each batch. If the worker dies (an uncaught throw, process.exit, out of memory) every
// request in flight fails with its reason and the next request starts a fresh worker.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { BackendInfo } from '../../../shared/domain';
import { AppError, type ErrorEnvelope } from '../../../shared/errors';
import type { MlHost } from '../context';
import type {
  CrashHook, FromWorker, ModelShape, PredictRequest, SerializedModel, ToWorker, TrainOutput, TrainProgress, TrainRequest, WorkerData
} from './worker-protocol';

export interface WorkerMlOptions {
  /** Test hook: the worker crashes this way during training. */
  crash?: CrashHook;
  resourceLimits?: ResourceLimits;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  onProgress?(p: TrainProgress): void;
}

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;
type Outgoing = Distribute<ToWorker>;

/** Where the worker's code is: the built bundle next to this file, or the TypeScript source through tsx. */
function spawnWorker(data: WorkerData, resourceLimits?: ResourceLimits): Worker {
  if (__filename.endsWith('.ts')) {
    const entry = resolve(__dirname, '../../workers/ml-worker.ts');
    // Both hooks: require() for the static imports, the ESM loader for dynamic import() (tf-loaders).
    const loader = JSON.stringify(pathToFileURL(createRequire(__filename).resolve('tsx')).href);
    const code = `import(${loader}).then(() => require(${JSON.stringify(entry)}));`;
    return new Worker(code, { eval: true, workerData: data, resourceLimits });
  }
  // Shared code may be bundled into out/main/chunks/: the worker entry is beside it or one level up.
  const built = [join(__dirname, 'ml-worker.js'), join(__dirname, '..', 'ml-worker.js')].find((p) => existsSync(p));
  if (!built) throw new Error(`the ML worker bundle ml-worker.js is missing near ${__dirname} (run \`npm run build\`)`);
  return new Worker(built, { workerData: data, resourceLimits });
}

export class WorkerMl implements MlHost {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private info: BackendInfo | null = null;
  private closed = false;

  constructor(private readonly opts: WorkerMlOptions = {}) {}

  async backend(): Promise<BackendInfo> {
    this.info = (await this.request({ type: 'backend' })) as BackendInfo;
    return this.info;
  }

  current(): BackendInfo | null {
    return this.info;
  }

  async train(req: TrainRequest, hooks: { signal?: AbortSignal; onProgress?(p: TrainProgress): void }): Promise<TrainOutput> {
    const cancel = cancelFlag(hooks.signal);
    const transfer = [req.train.x.buffer, ...(req.val ? [req.val.x.buffer] : [])] as ArrayBuffer[];
    try {
      const out = (await this.request({ type: 'train', req, cancel: cancel.buffer }, transfer, hooks.onProgress)) as TrainOutput;
      this.info = out.backend;
      return out;
    } finally {
      cancel.release();
    }
  }

  async predict(req: PredictRequest, signal?: AbortSignal): Promise<Float32Array> {
    const cancel = cancelFlag(signal);
    try {
      return (await this.request({ type: 'predict', req, cancel: cancel.buffer })) as Float32Array;
    } finally {
      cancel.release();
    }
  }

  async inspect(model: SerializedModel): Promise<ModelShape> {
    return (await this.request({ type: 'inspect', model })) as ModelShape;
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    this.failAll({ code: 'CANCELLED', message: 'the ML worker was closed' });
    if (w) await w.terminate();
  }

  private ensureWorker(): Worker {
    if (this.closed) throw new AppError('INTERNAL', 'the ML host is closed');
    if (this.worker) return this.worker;
    const limits = this.opts.resourceLimits ?? (this.opts.crash?.how === 'oom' ? { maxOldGenerationSizeMb: 256 } : undefined);
    const w = spawnWorker({ crash: this.opts.crash }, limits);
    let errorSeen: Error | null = null;
    w.on('message', (msg: FromWorker) => this.onMessage(msg));
    w.on('error', (err: Error) => {
      errorSeen = err;
      this.lost(w, describeCrash(err));
    });
    w.on('exit', (code) => {
      if (!errorSeen) this.lost(w, code === 0 ? 'the ML worker exited' : `the ML worker exited with code ${code}`);
    });
    w.unref();
    this.worker = w;
    return w;
  }

  private lost(w: Worker, message: string): void {
    if (this.worker !== w) return;
    this.worker = null;
    this.info = null;
    this.failAll({ code: 'INTERNAL', message });
  }

  private failAll(error: ErrorEnvelope): void {
    const list = [...this.pending.values()];
    this.pending.clear();
    for (const p of list) p.reject(new AppError(error.code, error.message));
  }

  private onMessage(msg: FromWorker): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      p.onProgress?.(msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.type === 'result') p.resolve(msg.value);
    else p.reject(new AppError(msg.error.code, msg.error.message, msg.error.details));
  }

  private request(msg: Outgoing, transfer: ArrayBuffer[] = [], onProgress?: (p: TrainProgress) => void): Promise<unknown> {
    const w = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolvePromise, reject) => {
      this.pending.set(id, { resolve: resolvePromise, reject, onProgress });
      w.ref();
      try {
        w.postMessage({ ...msg, id } as ToWorker, transfer);
      } catch (err) {
        this.pending.delete(id);
        reject(err as Error);
      }
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    });
  }
}

function describeCrash(err: Error): string {
  const code = (err as { code?: string }).code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return `the ML worker ran out of memory (${err.message})`;
  return `the ML worker crashed: ${err.message}`;
}

/** A shared Int32 flag set to 1 when the signal aborts. */
function cancelFlag(signal?: AbortSignal): { buffer: SharedArrayBuffer; release(): void } {
  const buffer = new SharedArrayBuffer(4);
  const flag = new Int32Array(buffer);
  const onAbort = () => Atomics.store(flag, 0, 1);
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  return { buffer, release: () => signal?.removeEventListener('abort', onAbort) };
}
