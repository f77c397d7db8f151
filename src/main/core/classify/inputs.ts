// What a batch classifies: files and folders from disk (expanded as an import would), library
// recordings by id and by tag. Each input becomes one or more units: a recording with its samples in
// the model's channel order (or the reason it cannot be classified), its labels and its warnings.
import type { Recording } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { parseFile } from '../importers';
import { labelledSpans } from '../ml/data-select';
import type { LabelledSpan } from '../ml/window-plan';
import type { Store } from '../store';
import { expandPaths } from '../store/import-files';
import { CollectSink } from './collect-sink';
import { matchChannels, type ModelInput, rateProblem } from './fit';
import { type SeriesSource, StoreSource } from './series';

export type Input = { kind: 'file'; path: string; size: number } | { kind: 'recording'; rec: Recording; size: number };

export interface Unit {
  file: string | null;
  index: number;
  ofFile: number;
  name: string;
  recordingId: number | null;
  sampleRate: number;
  numSamples: number;
  /** Null when the unit cannot be classified (see problem). */
  source: SeriesSource | null;
  problem: string | null;
  /** Labels in the unit's own samples. */
  spans: LabelledSpan[];
  warnings: string[];
}

export interface InputRequest {
  paths: string[];
  recordingIds: number[];
  tags: string[];
}

/** Files (sorted, as an import expands folders), then library recordings (ids, then tags), without duplicates. */
export function collectInputs(store: Store, req: InputRequest): Input[] {
  const out: Input[] = [];
  if (req.paths.length > 0) {
    const files = expandPaths(req.paths);
    if (files.length === 0) throw new AppError('BAD_REQUEST', 'no classifiable files found in the given paths');
    for (const f of files) out.push({ kind: 'file', path: f.path, size: f.size });
  }
  const seen = new Set<number>();
  const addRec = (rec: Recording) => {
    if (seen.has(rec.id)) return;
    seen.add(rec.id);
    out.push({ kind: 'recording', rec, size: rec.numSamples * rec.channels.length * 4 });
  };
  for (const id of req.recordingIds) addRec(store.recordings.get(id));
  if (req.tags.length > 0) {
    const recs = store.recordings.list(req.tags);
    if (recs.length === 0) throw new AppError('NOT_FOUND', `no recording carries the tag(s) ${req.tags.map((t) => JSON.stringify(t)).join(', ')}`);
    recs.forEach(addRec);
  }
  return out;
}

export interface FileReadOptions {
  sampleRate?: number;
  resample: boolean;
}

/** Parses a file into units, keeping only what the model needs. */
export async function readFileUnits(
  path: string,
  model: ModelInput,
  opts: FileReadOptions,
  signal: AbortSignal,
  onBytes: (bytes: number) => void
): Promise<Unit[]> {
  const sink = new CollectSink(model, opts.resample);
  await parseFile(path, { sampleRate: opts.sampleRate, resample: opts.resample }, sink, signal, onBytes);
  if (sink.recordings.length === 0) throw new AppError('INVALID_FILE', 'no data found in the file');
  return sink.recordings.map((r, i) => ({
    file: path,
    index: i,
    ofFile: sink.recordings.length,
    name: r.meta.name,
    recordingId: null,
    sampleRate: r.meta.sampleRate,
    numSamples: r.buffer?.length ?? r.length,
    source: r.buffer,
    problem: r.problem,
    spans: r.spans,
    warnings: r.warnings
  }));
}

/** A library recording as a unit (samples read from the store as the windows need them). */
export function recordingUnit(store: Store, rec: Recording, model: ModelInput, resample: boolean): Unit {
  const fit = matchChannels(model.channels, rec.channels);
  const problem = !fit.ok ? fit.reason : rateProblem(model.sampleRate, rec.sampleRate, resample);
  const spans = labelledSpans(store, [rec]).get(rec.id) ?? [];
  return {
    file: null,
    index: 0,
    ofFile: 1,
    name: rec.name,
    recordingId: rec.id,
    sampleRate: rec.sampleRate,
    numSamples: rec.numSamples,
    source: fit.ok && !problem ? new StoreSource(store.samples, rec, fit.map) : null,
    problem,
    spans,
    warnings: fit.ok && fit.warning ? [fit.warning] : []
  };
}

/** The export key of a unit: its path (with #k when the file holds several recordings), or `library:ID name`. */
export function unitKey(u: Pick<Unit, 'file' | 'index' | 'ofFile' | 'name' | 'recordingId'>): string {
  if (u.file === null) return `library:${u.recordingId} ${u.name}`;
  return u.ofFile > 1 ? `${u.file}#${u.index + 1}` : u.file;
}
