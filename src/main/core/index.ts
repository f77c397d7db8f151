// createCore: the one core behind every door. Imports nothing from electron.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Handlers } from './handlers/types';
import type { CoreContext, MlHost } from './context';
import { appHandlers } from './handlers/app';
import { libraryHandlers } from './handlers/library';
import { mlHandlers } from './handlers/ml';
import { classifyHandlers } from './handlers/classify';
import { JobRunner } from './jobs/job-runner';
import { WorkerMl } from './ml/worker-ml';
import { Store } from './store';

export interface CoreOptions {
  dataDir: string;
  /** Replace the ML host (tests). */
  ml?: MlHost;
  /** Progress event throttle in ms. */
  throttleMs?: number;
}

export interface Core extends CoreContext {
  handlers: Handlers;
  close(): Promise<void>;
}

export function createCore(opts: CoreOptions): Core {
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const store = Store.open(dataDir);
  const jobs = new JobRunner(opts.throttleMs ?? 100);
  const ml = opts.ml ?? new WorkerMl();
  const ctx: CoreContext = { dataDir, store, jobs, ml };
  const handlers: Handlers = {
    ...appHandlers(ctx),
    ...libraryHandlers(ctx),
    ...mlHandlers(ctx),
    ...classifyHandlers(ctx)
  };
  let closed = false;
  return {
    ...ctx,
    handlers,
    async close() {
      if (closed) return;
      closed = true;
      await jobs.shutdown();
      await ml.close();
      store.close();
    }
  };
}
