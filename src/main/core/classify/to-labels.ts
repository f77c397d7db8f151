// Model-assisted labelling: a result's predicted segments become segments with predicted=true and
// their confidence, which the user confirms or corrects in the viewer. A file not in the library is
// imported first (every recording of it, atomically, as an import would). Labelled (confirmed)
// segments are never touched: predictions fill only the parts without them, and replace the
// recording's earlier predictions. Label classes are created as needed; `unknown` spans stay unlabelled.
import { basename } from 'node:path';
import { type ClassifiedItem, type PredictedSegment, UNKNOWN_LABEL } from '../../../shared/api/classify';
import { AppError } from '../../../shared/errors';
import { parseFile } from '../importers';
import type { Store } from '../store';
import { ImportSession } from '../store/import-session';

/** Writes predicted segments into a recording; returns how many were written. */
export function writePredictions(store: Store, recordingId: number, predicted: PredictedSegment[]): number {
  const rec = store.recordings.get(recordingId);
  const labelled = store.segments.list(recordingId).filter((s) => !s.predicted);
  const drafts = labelled.map((s) => ({
    startSample: s.startSample,
    endSample: s.endSample,
    labelId: s.labelId,
    predicted: false,
    confidence: null as number | null
  }));
  let written = 0;
  let li = 0;
  for (const p of predicted) {
    if (p.label === UNKNOWN_LABEL) continue;
    const labelId = store.labels.ensure(p.label).id;
    let start = Math.max(0, p.startSample);
    const end = Math.min(rec.numSamples, p.endSample);
    while (li < labelled.length && labelled[li].endSample <= start) li++;
    // Pieces of [start, end) between the labelled segments.
    for (let j = li; start < end; j++) {
      const next = labelled[j];
      const stop = next && next.startSample < end ? next.startSample : end;
      if (stop > start) {
        drafts.push({ startSample: start, endSample: stop, labelId, predicted: true, confidence: clamp01(p.confidence) });
        written++;
      }
      if (!next || next.startSample >= end) break;
      start = Math.max(start, next.endSample);
    }
  }
  drafts.sort((a, b) => a.startSample - b.startSample);
  store.segments.replace(recordingId, drafts);
  return written;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

export interface ImportForLabels {
  sampleRate?: number;
  resample: boolean;
  tags: string[];
}

/** Imports `file` into the library; returns the new recordings in the order the file gave them. */
export async function importForLabels(store: Store, file: string, opts: ImportForLabels, signal: AbortSignal): Promise<Array<{ id: number; name: string }>> {
  const session = new ImportSession(store.db, file, opts.tags);
  try {
    await parseFile(file, { sampleRate: opts.sampleRate, resample: opts.resample }, session, signal, () => undefined);
    if (session.recordingCount === 0) throw new AppError('INVALID_FILE', `${basename(file)}: no data found`);
    return session.commit().map((r) => ({ id: r.id, name: r.name }));
  } catch (err) {
    session.abort();
    throw err;
  }
}

/** Items of one file, keyed by their index within the file. */
export function itemsOfFile(items: ClassifiedItem[], file: string): Map<number, ClassifiedItem> {
  return new Map(items.filter((i) => i.file === file).map((i) => [i.index, i]));
}
