import type { BackendInfo } from '../../shared/domain';
import type { ModelShape, PredictRequest, SerializedModel, TrainOutput, TrainProgress, TrainRequest } from './ml/worker-protocol';
import type { JobRunner } from './jobs/job-runner';
import type { Store } from './store';

/** What the ML side offers the handlers; the real one runs TensorFlow.js in a worker thread. */
export interface MlHost {
  /** Loads the backend if needed and reports it. */
  backend(): Promise<BackendInfo>;
  /** The backend already loaded, or null before the first use. */
  current(): BackendInfo | null;
  close(): Promise<void>;
  /**
   * Trains a model (ml/trainer.ts); progress per batch and epoch; aborting the signal stops it before
   * the next batch. Optional only so that test doubles without TensorFlow.js need not provide it.
   */
  train?(req: TrainRequest, hooks: { signal?: AbortSignal; onProgress?(p: TrainProgress): void }): Promise<TrainOutput>;
  /** Softmax outputs [n × classes] of a serialized model on normalised windows. */
  predict?(req: PredictRequest, signal?: AbortSignal): Promise<Float32Array>;
  /** Loads a serialized model to check it; reports its input/output shapes. */
  inspect?(model: SerializedModel): Promise<ModelShape>;
}

export interface CoreContext {
  dataDir: string;
  store: Store;
  jobs: JobRunner;
  ml: MlHost;
}
