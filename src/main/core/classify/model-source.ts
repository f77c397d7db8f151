// The model a batch runs: a stored model by id or name, or a folder written by models.export
// (model.json + weights.bin + sensorlab.json), read with the training helper's folder reader.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelWindow } from '../../../shared/api/ml';
import type { Channel } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { Store } from '../store';
import { readModelFolder, SENSORLAB_JSON } from '../ml/model-files';
import { ModelRepo } from '../ml/model-repo';
import type { Normalisation } from '../ml/normalise';
import type { SerializedModel } from '../ml/worker-protocol';

export interface ClassifierModel {
  id: number | null;
  name: string;
  classes: string[];
  channels: Channel[];
  sampleRate: number;
  window: ModelWindow;
  normalisation: Normalisation;
  artifacts: SerializedModel;
  /** Cache key for the ML worker (it keeps the last model loaded under it). */
  key: string;
}

function looksLikeFolder(ref: string): boolean {
  const p = resolve(ref);
  return existsSync(join(p, SENSORLAB_JSON)) || (/[/\\]/.test(ref) && existsSync(p) && statSync(p).isDirectory());
}

/** Resolves `ref` (id, name, or exported folder). Throws NOT_FOUND when it names nothing. */
export function loadClassifierModel(store: Store, ref: string | number): ClassifierModel {
  const repo = new ModelRepo(store.db);
  if (typeof ref === 'string' && !/^\d+$/.test(ref.trim()) && !repo.exists(ref) && looksLikeFolder(ref)) {
    const dir = resolve(ref);
    const m = readModelFolder(dir);
    const mtime = statSync(join(dir, SENSORLAB_JSON)).mtimeMs;
    return {
      id: null,
      name: m.name,
      classes: m.classes,
      channels: m.channels,
      sampleRate: m.sampleRate,
      window: m.window,
      normalisation: m.normalisation,
      artifacts: m.artifacts,
      key: `dir:${dir}:${mtime}`
    };
  }
  let summary;
  try {
    summary = repo.get(ref);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND' && typeof ref === 'string') {
      throw new AppError('NOT_FOUND', `model "${ref}" does not exist (not a stored model's name or id, nor a folder with ${SENSORLAB_JSON})`, {
        what: 'model',
        id: ref
      });
    }
    throw err;
  }
  return {
    id: summary.id,
    name: summary.name,
    classes: summary.classes,
    channels: summary.channels,
    sampleRate: summary.sampleRate,
    window: summary.window,
    normalisation: summary.normalisation,
    artifacts: repo.artifacts(summary.id),
    key: `model:${summary.id}:${summary.createdAt}`
  };
}
