// Opens the one SQLite file: WAL, full sync, foreign keys, busy timeout, then runs migrations.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
}

export function openDb(path: string, opts: OpenOptions = {}): Db {
  if (!opts.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: opts.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL');
    // Losing a user's labelling to a power cut is not acceptable: FULL, not WAL's default NORMAL.
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  if (!opts.readonly) migrate(db);
  return db;
}

/** Runs fn in a transaction; the caller's error is rethrown after rollback. */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn)();
}
