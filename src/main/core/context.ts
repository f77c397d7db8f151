import type { BackendInfo } from '../../shared/domain';
import type { JobRunner } from './jobs/job-runner';
import type { Store } from './store';

/** What the ML side offers the handlers; the real one runs TensorFlow.js in a worker thread. */
export interface MlHost {
  /** Loads the backend if needed and reports it. */
  backend(): Promise<BackendInfo>;
  /** The backend already loaded, or null before the first use. */
  current(): BackendInfo | null;
  close(): Promise<void>;
}

export interface CoreContext {
  dataDir: string;
  store: Store;
  jobs: JobRunner;
  ml: MlHost;
}
