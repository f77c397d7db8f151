import type { libraryApi } from '../../../shared/api/library';
import { rmSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { CoreContext } from '../context';
import { importFiles } from '../store/import-files';
import { createDemo } from '../demo/create-demo';
import type { HandlerMap } from './types';
import { AppError } from '../../../shared/errors';
import { collectLabels, importLabelRows, labelsToCsv, parseLabelCsv } from '../store/labels-io';

export function libraryHandlers(ctx: CoreContext): HandlerMap<keyof typeof libraryApi> {
  const { store, jobs } = ctx;
  return {
    'recordings.list': ({ tags }) => store.recordings.list(tags ?? []),
    'recordings.get': ({ id }) => store.recordings.get(id),
    'recordings.rename': ({ id, name }) => store.recordings.rename(id, name),
    'recordings.setTags': ({ id, tags }) => store.recordings.setTags(id, tags),
    'recordings.delete': ({ ids }) => ({ deleted: store.recordings.delete(ids) }),
    'recordings.view': ({ id, channels, startSample, endSample, maxPoints, encoding }) =>
      store.samples.view(store.recordings.get(id), channels, startSample, endSample, maxPoints, encoding),
    'import.start': (options) => {
      const title =
        options.paths.length === 1 ? `Import ${basename(options.paths[0])}` : `Import ${options.paths.length} items`;
      const run = async (job: Parameters<typeof importFiles>[2]) => {
        try {
          return await importFiles(store.db, options, job);
        } finally {
          removeUploads(ctx.dataDir, options.paths);
        }
      };
      return { jobId: jobs.start('import', title, run).id };
    },
    'demo.create': () => ({ jobId: jobs.start('demo', 'Create demo project', (job) => createDemo(store, job)).id }),
    'labels.list': () => store.labels.list(),
    'labels.create': (input) => store.labels.create(input),
    'labels.update': (input) => store.labels.update(input),
    'labels.delete': ({ id }) => ({ deleted: store.labels.delete(id) }),
    'segments.list': ({ recordingId }) => store.segments.list(recordingId),
    'segments.create': ({ recordingId, ...draft }) => store.segments.create(recordingId, draft),
    'segments.update': ({ id, ...patch }) => store.segments.update(id, patch),
    'segments.delete': ({ id }) => store.segments.delete(id),
    'recordings.tags': () => store.recordings.tags(),
    'labels.export': ({ format, tags, recordingIds }) => {
      const recs = recordingIds ? recordingIds.map((id) => store.recordings.get(id)) : store.recordings.list(tags ?? []);
      const rows = collectLabels(store, recs);
      return { text: format === 'json' ? JSON.stringify({ segments: rows }, null, 1) : labelsToCsv(rows), count: rows.length };
    },
    'labels.import': ({ text, format }) => {
      if (format === 'csv') return importLabelRows(store, parseLabelCsv(text));
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (err) {
        throw new AppError('INVALID_FILE', `labels JSON: ${(err as Error).message}`);
      }
      const list = Array.isArray(doc) ? doc : (doc as { segments?: unknown }).segments;
      if (!Array.isArray(list)) throw new AppError('INVALID_FILE', 'labels JSON: expected {"segments": [...]} or an array');
      return importLabelRows(
        store,
        list.map((r: Record<string, unknown>, i) => ({
          line: i + 1,
          recording: String(r.recording ?? ''),
          label: String(r.label ?? ''),
          startSample: typeof r.startSample === 'number' ? r.startSample : undefined,
          endSample: typeof r.endSample === 'number' ? r.endSample : undefined,
          startS: typeof r.startS === 'number' ? r.startS : undefined,
          endS: typeof r.endS === 'number' ? r.endS : undefined
        }))
      );
    },
    'segments.replace': ({ recordingId, segments }) => store.segments.replace(recordingId, segments)
  };
}

/**
 * Files a browser uploaded for an import (server mode: <dataDir>/uploads/<uuid>/<name>) are only a
 * vehicle: once the import has stored their samples, or failed, their folders are removed.
 */
function removeUploads(dataDir: string, paths: string[]): void {
  const uploads = join(dataDir, 'uploads');
  for (const p of paths) {
    const rel = relative(uploads, p);
    const parts = rel.split(sep);
    if (rel.startsWith('..') || parts.length !== 2) continue;
    rmSync(dirname(p), { recursive: true, force: true });
  }
}
