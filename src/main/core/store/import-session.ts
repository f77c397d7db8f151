// The store side of importing one file: a FileSink whose recordings stay invisible ('importing')
// until commit() makes all of them 'ready' in one transaction; abort() removes every trace.
import type { FileSink, RecordingMeta, RecordingWriter } from '../importers/types';
import type { Db } from './db';
import { CHUNK_SAMPLES } from './layout';
import { SampleWriter } from './sample-writer';
import { LabelRepo } from './labels';

interface Pending {
  id: number;
  meta: RecordingMeta;
  writer: SampleWriter;
  segments: Array<{ start: number; end: number; label: string }>;
  warnings: string[];
}

export interface CommittedRecording {
  id: number;
  name: string;
  warnings: string[];
}

export class ImportSession implements FileSink {
  private readonly pending: Pending[] = [];
  private done = false;

  constructor(
    private readonly db: Db,
    private readonly source: string,
    private readonly userTags: string[]
  ) {}

  begin(meta: RecordingMeta): RecordingWriter {
    if (this.done) throw new Error('import session already finished');
    if (!(meta.sampleRate > 0) || !Number.isFinite(meta.sampleRate)) {
      throw new Error(`invalid sample rate ${meta.sampleRate}`);
    }
    if (meta.channels.length === 0) throw new Error('a recording needs at least one channel');
    const info = this.db
      .prepare(
        `INSERT INTO recordings (name, sample_rate, channels, start_time, source, status, importer_pid, chunk_size, created_at)
         VALUES (?, ?, ?, ?, ?, 'importing', ?, ?, ?)`
      )
      .run(
        meta.name,
        meta.sampleRate,
        JSON.stringify(meta.channels.map((c) => ({ name: c.name, unit: c.unit }))),
        meta.startTime ?? null,
        this.source,
        process.pid,
        CHUNK_SAMPLES,
        new Date().toISOString()
      );
    const id = Number(info.lastInsertRowid);
    const p: Pending = {
      id,
      meta,
      writer: new SampleWriter(this.db, id, meta.channels.length),
      segments: [],
      warnings: []
    };
    this.pending.push(p);
    return {
      append: (cols) => p.writer.append(cols),
      addSegment: (start, end, label) => {
        p.segments.push({ start, end, label });
      },
      warn: (msg) => {
        p.warnings.push(msg);
      },
      get length() {
        return p.writer.length;
      }
    };
  }

  /** Every recording of the file becomes visible at once, with its tags and segments. */
  commit(): CommittedRecording[] {
    if (this.done) throw new Error('import session already finished');
    const totals = this.pending.map((p) => p.writer.finish());
    const labels = new LabelRepo(this.db);
    const out: CommittedRecording[] = [];
    this.db.transaction(() => {
      this.pending.forEach((p, i) => {
        const n = totals[i];
        const warnings = [...p.warnings];
        const insSeg = this.db.prepare(
          'INSERT INTO segments (recording_id, start_sample, end_sample, label_id, predicted) VALUES (?, ?, ?, ?, 0)'
        );
        // Imported segments are clipped to the data and made non-overlapping (later ones win).
        const segs = p.segments
          .map((s) => ({ ...s, start: Math.max(0, Math.round(s.start)), end: Math.min(n, Math.round(s.end)) }))
          .filter((s) => {
            if (s.start < s.end) return true;
            warnings.push(`segment "${s.label}" outside the recording was dropped`);
            return false;
          })
          .sort((a, b) => a.start - b.start);
        let lastEnd = 0;
        for (const s of segs) {
          const start = Math.max(s.start, lastEnd);
          if (start >= s.end) {
            warnings.push(`overlapping segment "${s.label}" at sample ${s.start} was dropped`);
            continue;
          }
          if (start > s.start) warnings.push(`overlapping segment "${s.label}" was trimmed to start at ${start}`);
          insSeg.run(p.id, start, s.end, labels.ensure(s.label).id);
          lastEnd = s.end;
        }
        const tags = new Set([...(p.meta.tags ?? []), ...this.userTags]);
        const insTag = this.db.prepare('INSERT OR IGNORE INTO recording_tags (recording_id, tag) VALUES (?, ?)');
        for (const t of tags) insTag.run(p.id, t);
        this.db
          .prepare(
            `UPDATE recordings SET num_samples = ?, warnings = ?, status = 'ready', importer_pid = NULL WHERE id = ?`
          )
          .run(n, JSON.stringify(warnings), p.id);
        out.push({ id: p.id, name: p.meta.name, warnings });
      });
    })();
    this.done = true;
    return out;
  }

  /** Removes everything this session wrote. Safe to call twice. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    const del = this.db.prepare('DELETE FROM recordings WHERE id = ?');
    this.db.transaction(() => this.pending.forEach((p) => del.run(p.id)))();
  }

  get recordingCount(): number {
    return this.pending.length;
  }
}
