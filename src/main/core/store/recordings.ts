// Recording rows: listing, lookup, rename, tags, delete. Only 'ready' recordings are ever visible.
import type { Channel, Recording } from '../../../shared/domain';
import { AppError, notFound } from '../../../shared/errors';
import type { Db } from './db';

interface RecordingRow {
  id: number;
  name: string;
  sample_rate: number;
  num_samples: number;
  channels: string;
  start_time: string | null;
  source: string | null;
  warnings: string;
  created_at: string;
  tags: string | null;
  labelled: number | null;
  segment_count: number;
}

const SELECT = `
  SELECT r.*,
    (SELECT json_group_array(tag) FROM (SELECT tag FROM recording_tags t WHERE t.recording_id = r.id ORDER BY tag)) AS tags,
    (SELECT SUM(end_sample - start_sample) FROM segments s WHERE s.recording_id = r.id AND s.predicted = 0) AS labelled,
    (SELECT COUNT(*) FROM segments s WHERE s.recording_id = r.id) AS segment_count
  FROM recordings r
  WHERE r.status = 'ready'`;

function toRecording(row: RecordingRow): Recording {
  const n = row.num_samples;
  return {
    id: row.id,
    name: row.name,
    sampleRate: row.sample_rate,
    numSamples: n,
    durationS: n / row.sample_rate,
    channels: JSON.parse(row.channels) as Channel[],
    startTime: row.start_time,
    tags: row.tags ? (JSON.parse(row.tags) as string[]) : [],
    source: row.source,
    createdAt: row.created_at,
    labelCoverage: n > 0 ? Math.min(1, (row.labelled ?? 0) / n) : 0,
    segmentCount: row.segment_count,
    warnings: JSON.parse(row.warnings) as string[]
  };
}

export class RecordingRepo {
  constructor(private readonly db: Db) {}

  /** Recordings carrying every given tag (all when none given), oldest first. */
  list(tags: string[] = []): Recording[] {
    let sql = SELECT;
    for (let i = 0; i < tags.length; i++) {
      sql += ` AND EXISTS (SELECT 1 FROM recording_tags t WHERE t.recording_id = r.id AND t.tag = ?)`;
    }
    sql += ' ORDER BY r.id';
    return (this.db.prepare(sql).all(...tags) as RecordingRow[]).map(toRecording);
  }

  get(id: number): Recording {
    const row = this.db.prepare(`${SELECT} AND r.id = ?`).get(id) as RecordingRow | undefined;
    if (!row) throw notFound('recording', id);
    return toRecording(row);
  }

  /** Looks a recording up by id or exact name (names need not be unique: the newest wins). */
  resolve(ref: string | number): Recording {
    if (typeof ref === 'number' || /^\d+$/.test(ref)) return this.get(Number(ref));
    const row = this.db.prepare(`${SELECT} AND r.name = ? ORDER BY r.id DESC LIMIT 1`).get(ref) as
      | RecordingRow
      | undefined;
    if (!row) throw notFound('recording', ref);
    return toRecording(row);
  }

  rename(id: number, name: string): Recording {
    this.get(id);
    this.db.prepare('UPDATE recordings SET name = ? WHERE id = ?').run(name, id);
    return this.get(id);
  }

  setTags(id: number, tags: string[]): Recording {
    this.get(id);
    const unique = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM recording_tags WHERE recording_id = ?').run(id);
      const ins = this.db.prepare('INSERT INTO recording_tags (recording_id, tag) VALUES (?, ?)');
      for (const t of unique) ins.run(id, t);
    })();
    return this.get(id);
  }

  delete(ids: number[]): number {
    for (const id of ids) this.get(id);
    return this.db.transaction(() => {
      const del = this.db.prepare('DELETE FROM recordings WHERE id = ?');
      let n = 0;
      for (const id of ids) n += del.run(id).changes;
      return n;
    })();
  }

  /** All distinct tags with their recording counts. */
  tags(): Array<{ tag: string; count: number }> {
    return this.db
      .prepare(
        `SELECT t.tag AS tag, COUNT(*) AS count FROM recording_tags t JOIN recordings r ON r.id = t.recording_id
         WHERE r.status = 'ready' GROUP BY t.tag ORDER BY t.tag`
      )
      .all() as Array<{ tag: string; count: number }>;
  }

  /** Removes recordings left 'importing' by a process that no longer runs (a crash or a kill). */
  removeAbandonedImports(): number {
    const rows = this.db
      .prepare(`SELECT id, importer_pid FROM recordings WHERE status = 'importing'`)
      .all() as Array<{ id: number; importer_pid: number | null }>;
    const dead = rows.filter((r) => r.importer_pid === null || !processAlive(r.importer_pid));
    if (dead.length === 0) return 0;
    const del = this.db.prepare('DELETE FROM recordings WHERE id = ?');
    this.db.transaction(() => dead.forEach((r) => del.run(r.id)))();
    return dead.length;
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return false; // our own earlier life in this process cannot be importing now
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function assertRange(rec: Recording, start: number, end: number): void {
  if (!(start < end)) throw new AppError('BAD_REQUEST', `start (${start}) must be before end (${end})`);
  if (end > rec.numSamples) {
    throw new AppError('BAD_REQUEST', `end ${end} is past the end of recording ${rec.id} (${rec.numSamples} samples)`);
  }
}
