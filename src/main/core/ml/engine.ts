// The TensorFlow.js side of the ML host: load the backend, train, predict, inspect a model. The
// worker (worker-main.ts) runs one; InProcessMl runs one in the calling process.
import * as tf from '@tensorflow/tfjs';
import type { BackendInfo } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { deserializeModel, weightCount } from './artifacts';
import { compileInference, type InferencePlan } from './inference-plan';
import { loadTf } from './tf-loaders';
import { isFastWasmKernel, registerFastWasmKernels } from './wasm';
import { trainModel, type TrainHooks } from './trainer';
import type { ModelShape, PredictRequest, SerializedModel, TrainOutput, TrainProgress, TrainRequest } from './worker-protocol';

const PREDICT_BATCH = 256;

export class MlEngine {
  private info: BackendInfo | null = null;
  private cached: { key: string; model: tf.LayersModel; plan: InferencePlan } | null = null;
  /** Predictions run one at a time (they share the cached model); training may interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  async backend(): Promise<BackendInfo> {
    if (!this.info) {
      const info = (await loadTf()).selection.info;
      // tf-loaders registers the fast WASM gradients through a dynamic import(), which a worker
      // running the TypeScript sources (tsx, no ESM hooks in workers) cannot resolve: register
      // them here as well (idempotent) so training works there too.
      if (info.backend === 'wasm' && !isFastWasmKernel('Conv2DBackpropFilter')) {
        registerFastWasmKernels();
        this.info = { ...info, detail: `${info.detail}, SensorLab fast conv gradients` };
      } else this.info = info;
    }
    return this.info;
  }

  async train(
    req: TrainRequest,
    cancelled: () => boolean,
    progress: (p: TrainProgress) => void,
    afterBatch?: TrainHooks['afterBatch']
  ): Promise<TrainOutput> {
    const backend = await this.backend();
    return trainModel(req, { cancelled, progress, afterBatch, backend });
  }

  /** Softmax outputs [n, classes] of a stored model on normalised windows. */
  predict(req: PredictRequest, cancelled: () => boolean): Promise<Float32Array> {
    const run = this.queue.then(() => this.predictNow(req, cancelled));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async predictNow(req: PredictRequest, cancelled: () => boolean): Promise<Float32Array> {
    await this.backend();
    const { model, plan, owned } = await this.load(req.model, req.modelKey);
    try {
      const per = req.length * req.channels;
      if (req.x.length !== req.n * per) throw new AppError('BAD_REQUEST', `predict: ${req.x.length} values for ${req.n} windows of ${req.length}×${req.channels}`);
      const out = model.outputs[0].shape;
      const classes = out[out.length - 1] as number;
      const probs = new Float32Array(req.n * classes);
      const batch = req.batchSize ?? PREDICT_BATCH;
      for (let i = 0; i < req.n; i += batch) {
        if (cancelled()) throw new AppError('CANCELLED', 'cancelled by the user');
        const b = Math.min(batch, req.n - i);
        const p = tf.tidy(() => plan.predict(tf.tensor3d(req.x.subarray(i * per, (i + b) * per), [b, req.length, req.channels])));
        try {
          probs.set(await p.data(), i * classes);
        } finally {
          p.dispose();
        }
        await new Promise((r) => setImmediate(r));
      }
      return probs;
    } finally {
      if (owned) {
        plan.dispose();
        model.dispose();
      }
    }
  }

  /** Loads a model to check it and report its shapes. */
  async inspect(m: SerializedModel): Promise<ModelShape> {
    await this.backend();
    const model = await deserializeModel(tf, m);
    try {
      return {
        inputShape: [...(model.inputs[0].shape as Array<number | null>)],
        outputShape: [...(model.outputs[0].shape as Array<number | null>)],
        params: weightCount(m.weightSpecs)
      };
    } finally {
      model.dispose();
    }
  }

  /**
   * The model and its inference plan (BatchNorm folded into the convolutions: inference-plan.ts).
   * With a key, both stay loaded for the next request with the same key.
   */
  private async load(m: SerializedModel, key?: string): Promise<{ model: tf.LayersModel; plan: InferencePlan; owned: boolean }> {
    if (key && this.cached?.key === key) return { ...this.cached, owned: false };
    const model = await deserializeModel(tf, m);
    let plan: InferencePlan;
    try {
      plan = compileInference(model);
    } catch (err) {
      model.dispose();
      throw err;
    }
    if (!key) return { model, plan, owned: true };
    this.dispose();
    this.cached = { key, model, plan };
    return { model, plan, owned: false };
  }

  dispose(): void {
    this.cached?.plan.dispose();
    this.cached?.model.dispose();
    this.cached = null;
  }
}
