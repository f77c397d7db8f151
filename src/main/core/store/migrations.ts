// Numbered migrations. Each runs in one transaction that ends with PRAGMA user_version = N.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'library: recordings, samples, summaries, labels, segments',
    sql: `
      CREATE TABLE recordings (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        sample_rate REAL NOT NULL CHECK (sample_rate > 0),
        num_samples INTEGER NOT NULL DEFAULT 0,
        channels TEXT NOT NULL,
        start_time TEXT,
        source TEXT,
        warnings TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL CHECK (status IN ('importing', 'ready')),
        importer_pid INTEGER,
        chunk_size INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE recording_tags (
        recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (recording_id, tag)
      );
      CREATE INDEX recording_tags_by_tag ON recording_tags(tag);
      CREATE TABLE sample_chunks (
        recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        channel INTEGER NOT NULL,
        chunk INTEGER NOT NULL,
        data BLOB NOT NULL
      );
      CREATE UNIQUE INDEX sample_chunks_key ON sample_chunks(recording_id, channel, chunk);
      CREATE TABLE summary_chunks (
        recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        channel INTEGER NOT NULL,
        level INTEGER NOT NULL,
        chunk INTEGER NOT NULL,
        data BLOB NOT NULL
      );
      CREATE UNIQUE INDEX summary_chunks_key ON summary_chunks(recording_id, channel, level, chunk);
      CREATE TABLE label_classes (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        color TEXT NOT NULL,
        key TEXT UNIQUE
      );
      CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        start_sample INTEGER NOT NULL,
        end_sample INTEGER NOT NULL,
        label_id INTEGER NOT NULL REFERENCES label_classes(id) ON DELETE CASCADE,
        predicted INTEGER NOT NULL DEFAULT 0,
        confidence REAL,
        CHECK (start_sample >= 0 AND start_sample < end_sample)
      );
      CREATE INDEX segments_by_recording ON segments(recording_id, start_sample);
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `
  },
  {
    version: 2,
    name: 'models: trained classifiers with their topology, weights and training metadata',
    sql: `
      CREATE TABLE models (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        arch TEXT NOT NULL,
        classes TEXT NOT NULL,
        channels TEXT NOT NULL,
        sample_rate REAL NOT NULL CHECK (sample_rate > 0),
        window TEXT NOT NULL,
        normalisation TEXT NOT NULL,
        config TEXT NOT NULL,
        metrics TEXT,
        topology TEXT NOT NULL,
        weight_specs TEXT NOT NULL,
        weights BLOB NOT NULL,
        params INTEGER NOT NULL DEFAULT 0,
        backend TEXT NOT NULL,
        duration_s REAL NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
    `
  }
];

export const SCHEMA_VERSION = migrations[migrations.length - 1].version;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration newer than the file's user_version, each in its own transaction. */
export function migrate(db: Database.Database, list: Migration[] = migrations): number {
  const current = schemaVersion(db);
  const newest = list.length ? list[list.length - 1].version : 0;
  if (current > newest) {
    throw new Error(
      `database schema version ${current} is newer than this SensorLab understands (${newest}); upgrade SensorLab`
    );
  }
  for (const m of list) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return schemaVersion(db);
}
