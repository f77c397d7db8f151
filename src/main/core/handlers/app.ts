import { version } from '../../../../package.json';
import type { appApi } from '../../../shared/api/app';
import type { CoreContext } from '../context';
import type { HandlerMap } from './types';

export function appHandlers(ctx: CoreContext): HandlerMap<keyof typeof appApi> {
  return {
    'app.info': async () => ({
      name: 'SensorLab' as const,
      version,
      dataDir: ctx.dataDir,
      dbPath: ctx.store.path,
      schemaVersion: ctx.store.schemaVersion,
      backend: ctx.ml.current()
    }),
    'app.backend': () => ctx.ml.backend(),
    'jobs.list': () => ctx.jobs.list(),
    'jobs.get': ({ id }) => ctx.jobs.get(id),
    'jobs.cancel': ({ id }) => ctx.jobs.cancel(id)
  };
}
