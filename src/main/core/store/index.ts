// The store facade: one SQLite file and the repositories over it.
import { join } from 'node:path';
import { type Db, openDb } from './db';
import { schemaVersion } from './migrations';
import { LabelRepo } from './labels';
import { RecordingRepo } from './recordings';
import { SampleReader } from './samples';
import { SegmentRepo } from './segments';

export const DB_FILE = 'sensorlab.db';

export class Store {
  readonly recordings: RecordingRepo;
  readonly labels: LabelRepo;
  readonly segments: SegmentRepo;
  readonly samples: SampleReader;

  constructor(readonly db: Db, readonly path: string) {
    this.recordings = new RecordingRepo(db);
    this.labels = new LabelRepo(db);
    this.segments = new SegmentRepo(db);
    this.samples = new SampleReader(db);
  }

  static open(dataDir: string): Store {
    const path = join(dataDir, DB_FILE);
    const store = new Store(openDb(path), path);
    store.recordings.removeAbandonedImports();
    return store;
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
