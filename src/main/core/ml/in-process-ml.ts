// An MlHost that runs TensorFlow.js in this process (scripts and tests that want no worker). The app
// uses WorkerMl; both drive the same MlEngine.
import type { BackendInfo } from '../../../shared/domain';
import type { MlHost } from '../context';
import { MlEngine } from './engine';
import type { ModelShape, PredictRequest, SerializedModel, TrainOutput, TrainProgress, TrainRequest } from './worker-protocol';

export class InProcessMl implements MlHost {
  private readonly engine = new MlEngine();
  private info: BackendInfo | null = null;

  async backend(): Promise<BackendInfo> {
    this.info = await this.engine.backend();
    return this.info;
  }

  current(): BackendInfo | null {
    return this.info;
  }

  async train(req: TrainRequest, hooks: { signal?: AbortSignal; onProgress?(p: TrainProgress): void }): Promise<TrainOutput> {
    const out = await this.engine.train(req, () => hooks.signal?.aborted ?? false, (p) => hooks.onProgress?.(p));
    this.info = out.backend;
    return out;
  }

  predict(req: PredictRequest, signal?: AbortSignal): Promise<Float32Array> {
    return this.engine.predict(req, () => signal?.aborted ?? false);
  }

  inspect(model: SerializedModel): Promise<ModelShape> {
    return this.engine.inspect(model);
  }

  async close(): Promise<void> {
    this.engine.dispose();
  }
}
