import { basename } from 'node:path';
import type { ClassifyInput, ClassifyResult, classifyApi } from '../../../shared/api/classify';
import { AppError } from '../../../shared/errors';
import { prepareClassify } from '../classify/classify-job';
import { resultJson, segmentsCsv, summaryCsv } from '../classify/results-io';
import { importForLabels, itemsOfFile, writePredictions } from '../classify/to-labels';
import type { CoreContext } from '../context';
import type { HandlerMap } from './types';

export function classifyHandlers(ctx: CoreContext): HandlerMap<keyof typeof classifyApi> {
  /** The options of each classify job of this session, and files already added to the library. */
  const runs = new Map<string, { input: ClassifyInput; added: Map<string, number[]> }>();

  const finished = (jobId: string): ClassifyResult => {
    const job = ctx.jobs.get(jobId);
    if (job.kind !== 'classify') throw new AppError('BAD_REQUEST', `job ${jobId} is not a classification`);
    if (job.state !== 'done') throw new AppError('CONFLICT', `classification ${jobId} is ${job.state}, not done`);
    return job.result as ClassifyResult;
  };

  return {
    'classify.start': (input) => {
      const prepared = prepareClassify(ctx, input);
      const info = ctx.jobs.start('classify', prepared.title, prepared.run);
      runs.set(info.id, { input, added: new Map() });
      return { jobId: info.id };
    },
    'classify.export': ({ jobId, format }) => {
      const r = finished(jobId);
      const stem = `classified-${r.model.name.replace(/[^\w.-]+/g, '_')}`;
      if (format === 'json') return { text: resultJson(r), fileName: `${stem}.json` };
      if (format === 'summary') return { text: summaryCsv(r), fileName: `${stem}-summary.csv` };
      return { text: segmentsCsv(r), fileName: `${stem}.csv` };
    },
    'classify.toLabels': async ({ jobId, key, tags }) => {
      const r = finished(jobId);
      const item = r.items.find((i) => i.key === key);
      if (!item) throw new AppError('NOT_FOUND', `no result for ${JSON.stringify(key)} in classification ${jobId}`);
      if (item.recordingId !== null) {
        const segments = writePredictions(ctx.store, item.recordingId, item.segments);
        return { recordingId: item.recordingId, name: item.name, imported: false, segments };
      }
      const file = item.file as string;
      const run = runs.get(jobId);
      if (!run) throw new AppError('NOT_FOUND', `classification ${jobId} was not started in this session`);
      const existing = run.added.get(file);
      let ids: number[];
      let imported = false;
      if (existing && existing.every((id) => exists(ctx, id))) ids = existing;
      else {
        const recs = await importForLabels(ctx.store, file, { sampleRate: run.input.sampleRate, resample: run.input.resample, tags }, new AbortController().signal);
        ids = recs.map((x) => x.id);
        run.added.set(file, ids);
        imported = true;
      }
      let segments = 0;
      for (const [index, it] of itemsOfFile(r.items, file)) {
        const id = ids[index];
        if (id === undefined) throw new AppError('CONFLICT', `${basename(file)} no longer has recording #${index + 1}`);
        const n = writePredictions(ctx.store, id, it.segments);
        if (it === item) segments = n;
      }
      const id = ids[item.index];
      return { recordingId: id, name: ctx.store.recordings.get(id).name, imported, segments };
    }
  };
}

function exists(ctx: CoreContext, id: number): boolean {
  try {
    ctx.store.recordings.get(id);
    return true;
  } catch {
    return false;
  }
}
