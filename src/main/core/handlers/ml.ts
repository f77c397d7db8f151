import type { mlApi } from '../../../shared/api/ml';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { prepareEvaluation } from '../ml/evaluate-job';
import { exportModel, readModelFolder } from '../ml/model-files';
import { ModelRepo } from '../ml/model-repo';
import { prepareTrainingData } from '../ml/train-data';
import { prepareTraining, requireTraining } from '../ml/train-job';
import type { HandlerMap } from './types';

export function mlHandlers(ctx: CoreContext): HandlerMap<keyof typeof mlApi> {
  const repo = () => new ModelRepo(ctx.store.db);
  return {
    'train.preview': (input) => prepareTrainingData(ctx.store, input).preview,
    'train.start': (input) => {
      const t = prepareTraining(ctx, input);
      return { jobId: ctx.jobs.start('train', t.title, t.run).id };
    },
    'models.list': () => repo().list(),
    'models.get': ({ id }) => repo().get(id),
    'models.rename': ({ id, name }) => repo().rename(id, name),
    'models.delete': ({ id }) => ({ deleted: repo().delete(id) }),
    'models.export': ({ id, dir }) => {
      const r = repo();
      const summary = r.get(id);
      return exportModel(dir, summary, r.artifacts(summary.id));
    },
    'models.import': async ({ dir, name }) => {
      const ml = requireTraining(ctx.ml);
      const m = readModelFolder(dir);
      let shape;
      try {
        shape = await ml.inspect(m.artifacts);
      } catch (err) {
        throw new AppError('INVALID_FILE', `the model in ${dir} does not load: ${(err as Error).message}`);
      }
      const [, length, channels] = shape.inputShape;
      const classes = shape.outputShape[shape.outputShape.length - 1];
      if (classes !== m.classes.length || channels !== m.channels.length || (length !== null && length !== m.window.length)) {
        throw new AppError(
          'INVALID_FILE',
          `the model's shapes (input ${JSON.stringify(shape.inputShape)}, output ${JSON.stringify(shape.outputShape)}) do not match sensorlab.json (${m.window.length} samples × ${m.channels.length} channels → ${m.classes.length} classes)`
        );
      }
      const r = repo();
      return r.insert({ ...m, name: name ?? r.uniqueName(m.name) });
    },
    'evaluate.start': (input) => {
      const e = prepareEvaluation(ctx, { ...input, model: input.model });
      return { jobId: ctx.jobs.start('evaluate', e.title, e.run).id };
    }
  };
}
