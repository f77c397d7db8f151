// The ML worker thread's message loop: one MlEngine, requests handled as they come (training yields
// between batches, so a prediction or a backend query is answered while a model trains).
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorEnvelope } from '../../../shared/errors';
import { MlEngine } from './engine';
import type { CrashHook, FromWorker, ToWorker, TrainOutput, WorkerData } from './worker-protocol';

function crash(how: CrashHook['how']): void {
  if (how === 'exit') process.exit(3);
  if (how === 'throw') {
    setImmediate(() => {
      throw new Error('test hook: the ML worker threw');
    });
    return;
  }
  // Fill the (limited) heap until V8 gives up.
  const hog: unknown[] = [];
  for (;;) hog.push(new Array(1e5).fill({ hog: hog.length }));
}

export function runMlWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('ml-worker must run in a worker thread');
  const data = (workerData ?? {}) as WorkerData;
  const engine = new MlEngine();
  const post = (msg: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

  port.on('message', (msg: ToWorker) => {
    void (async () => {
      try {
        switch (msg.type) {
          case 'backend':
            post({ type: 'result', id: msg.id, value: await engine.backend() });
            return;
          case 'inspect':
            post({ type: 'result', id: msg.id, value: await engine.inspect(msg.model) });
            return;
          case 'predict': {
            const flag = new Int32Array(msg.cancel);
            const probs = await engine.predict(msg.req, () => Atomics.load(flag, 0) !== 0);
            post({ type: 'result', id: msg.id, value: probs }, [probs.buffer as ArrayBuffer]);
            return;
          }
          case 'train': {
            const flag = new Int32Array(msg.cancel);
            const hook = data.crash;
            const out: TrainOutput = await engine.train(
              msg.req,
              () => Atomics.load(flag, 0) !== 0,
              (progress) => post({ type: 'progress', id: msg.id, progress }),
              hook ? (n) => n >= hook.afterBatches && crash(hook.how) : undefined
            );
            const transfer = [out.model.weightData];
            if (out.valProbs) transfer.push(out.valProbs.buffer as ArrayBuffer);
            post({ type: 'result', id: msg.id, value: out }, transfer);
            return;
          }
        }
      } catch (err) {
        post({ type: 'error', id: msg.id, error: toErrorEnvelope(err) });
      }
    })();
  });
}
