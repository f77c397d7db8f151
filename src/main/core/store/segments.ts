// Labelled segments. A recording's segments never overlap: an edit that would overlap trims,
// splits or removes the neighbours it covers, all in one transaction.
import type { Segment } from '../../../shared/domain';
import { AppError, notFound } from '../../../shared/errors';
import type { Db } from './db';
import { LabelRepo } from './labels';
import { RecordingRepo, assertRange } from './recordings';

interface Row {
  id: number;
  recording_id: number;
  start_sample: number;
  end_sample: number;
  label_id: number;
  predicted: number;
  confidence: number | null;
}

function toSegment(r: Row): Segment {
  return {
    id: r.id,
    recordingId: r.recording_id,
    startSample: r.start_sample,
    endSample: r.end_sample,
    labelId: r.label_id,
    predicted: r.predicted === 1,
    confidence: r.confidence
  };
}

export interface SegmentDraft {
  startSample: number;
  endSample: number;
  labelId: number;
  predicted?: boolean;
  confidence?: number | null;
}

export class SegmentRepo {
  private readonly recordings: RecordingRepo;
  private readonly labels: LabelRepo;

  constructor(private readonly db: Db) {
    this.recordings = new RecordingRepo(db);
    this.labels = new LabelRepo(db);
  }

  list(recordingId: number): Segment[] {
    this.recordings.get(recordingId);
    return this.rows(recordingId);
  }

  /** Segments of many recordings at once (for training), keyed by recording id. */
  listMany(recordingIds: number[]): Map<number, Segment[]> {
    const out = new Map<number, Segment[]>(recordingIds.map((id) => [id, []]));
    const stmt = this.db.prepare('SELECT * FROM segments WHERE recording_id = ? ORDER BY start_sample');
    for (const id of recordingIds) out.set(id, (stmt.all(id) as Row[]).map(toSegment));
    return out;
  }

  get(id: number): Segment {
    const row = this.db.prepare('SELECT * FROM segments WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw notFound('segment', id);
    return toSegment(row);
  }

  create(recordingId: number, draft: SegmentDraft): Segment[] {
    this.validate(recordingId, draft);
    this.db.transaction(() => {
      this.carve(recordingId, draft.startSample, draft.endSample, null);
      this.insert(recordingId, draft);
    })();
    return this.rows(recordingId);
  }

  update(id: number, patch: Partial<SegmentDraft>): Segment[] {
    const cur = this.get(id);
    const next: SegmentDraft = {
      startSample: patch.startSample ?? cur.startSample,
      endSample: patch.endSample ?? cur.endSample,
      labelId: patch.labelId ?? cur.labelId,
      predicted: patch.predicted ?? cur.predicted,
      confidence: patch.predicted === false ? null : cur.confidence
    };
    this.validate(cur.recordingId, next);
    this.db.transaction(() => {
      this.carve(cur.recordingId, next.startSample, next.endSample, id);
      this.db
        .prepare('UPDATE segments SET start_sample = ?, end_sample = ?, label_id = ?, predicted = ?, confidence = ? WHERE id = ?')
        .run(next.startSample, next.endSample, next.labelId, next.predicted ? 1 : 0, next.confidence ?? null, id);
    })();
    return this.rows(cur.recordingId);
  }

  delete(id: number): Segment[] {
    const cur = this.get(id);
    this.db.prepare('DELETE FROM segments WHERE id = ?').run(id);
    return this.rows(cur.recordingId);
  }

  /** Replaces every segment of a recording (undo/redo, label import); later drafts win overlaps. */
  replace(recordingId: number, drafts: SegmentDraft[]): Segment[] {
    for (const d of drafts) this.validate(recordingId, d);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM segments WHERE recording_id = ?').run(recordingId);
      for (const d of drafts) {
        this.carve(recordingId, d.startSample, d.endSample, null);
        this.insert(recordingId, d);
      }
    })();
    return this.rows(recordingId);
  }

  private rows(recordingId: number): Segment[] {
    return (
      this.db.prepare('SELECT * FROM segments WHERE recording_id = ? ORDER BY start_sample').all(recordingId) as Row[]
    ).map(toSegment);
  }

  private validate(recordingId: number, d: SegmentDraft): void {
    const rec = this.recordings.get(recordingId);
    if (!Number.isInteger(d.startSample) || !Number.isInteger(d.endSample)) {
      throw new AppError('BAD_REQUEST', 'segment bounds must be whole sample indices');
    }
    assertRange(rec, d.startSample, d.endSample);
    this.labels.get(d.labelId);
  }

  private insert(recordingId: number, d: SegmentDraft): void {
    this.db
      .prepare(
        'INSERT INTO segments (recording_id, start_sample, end_sample, label_id, predicted, confidence) VALUES (?, ?, ?, ?, ?, ?)'
      )
      .run(recordingId, d.startSample, d.endSample, d.labelId, d.predicted ? 1 : 0, d.confidence ?? null);
  }

  /** Makes room for [start, end): neighbours inside are removed, straddling ones trimmed or split. */
  private carve(recordingId: number, start: number, end: number, exceptId: number | null): void {
    const overlapping = this.db
      .prepare('SELECT * FROM segments WHERE recording_id = ? AND start_sample < ? AND end_sample > ? AND id IS NOT ?')
      .all(recordingId, end, start, exceptId) as Row[];
    const del = this.db.prepare('DELETE FROM segments WHERE id = ?');
    const setBounds = this.db.prepare('UPDATE segments SET start_sample = ?, end_sample = ? WHERE id = ?');
    for (const s of overlapping) {
      const keepLeft = s.start_sample < start;
      const keepRight = s.end_sample > end;
      if (keepLeft && keepRight) {
        setBounds.run(s.start_sample, start, s.id);
        this.db
          .prepare(
            'INSERT INTO segments (recording_id, start_sample, end_sample, label_id, predicted, confidence) VALUES (?, ?, ?, ?, ?, ?)'
          )
          .run(recordingId, end, s.end_sample, s.label_id, s.predicted, s.confidence);
      } else if (keepLeft) setBounds.run(s.start_sample, start, s.id);
      else if (keepRight) setBounds.run(end, s.end_sample, s.id);
      else del.run(s.id);
    }
  }
}
