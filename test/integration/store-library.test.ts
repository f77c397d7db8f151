import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/store';
import { ImportSession } from '../../src/main/core/store/import-session';
import { collectLabels, importLabelRows, labelsToCsv, parseLabelCsv } from '../../src/main/core/store/labels-io';
import { addRecordings } from '../helpers/store';
import { tempDir } from '../helpers/temp';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(() => {
  tmp = tempDir();
  store = Store.open(tmp.dir);
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const zeros = (n: number) => [new Float32Array(n), new Float32Array(n)];

describe('segments never overlap', () => {
  function setup() {
    const [id] = addRecordings(store, [{ channels: zeros(1000) }]);
    const a = store.labels.create({ name: 'walk' }).id;
    const b = store.labels.create({ name: 'run' }).id;
    return { id, a, b };
  }
  const spans = (id: number) => store.segments.list(id).map((s) => [s.startSample, s.endSample, s.labelId]);

  it('a new segment inside another splits it in two', () => {
    const { id, a, b } = setup();
    store.segments.create(id, { startSample: 100, endSample: 500, labelId: a });
    expect(spans(store.segments.create(id, { startSample: 200, endSample: 300, labelId: b })[0].recordingId)).toEqual([
      [100, 200, a],
      [200, 300, b],
      [300, 500, a]
    ]);
  });

  it('a segment straddling neighbours trims them and removes those it covers', () => {
    const { id, a, b } = setup();
    store.segments.create(id, { startSample: 0, endSample: 100, labelId: a });
    store.segments.create(id, { startSample: 100, endSample: 200, labelId: a });
    store.segments.create(id, { startSample: 200, endSample: 300, labelId: a });
    store.segments.create(id, { startSample: 50, endSample: 250, labelId: b });
    expect(spans(id)).toEqual([
      [0, 50, a],
      [50, 250, b],
      [250, 300, a]
    ]);
  });

  it('resizing a segment over its neighbour trims the neighbour', () => {
    const { id, a, b } = setup();
    store.segments.create(id, { startSample: 0, endSample: 100, labelId: a });
    const segs = store.segments.create(id, { startSample: 100, endSample: 200, labelId: b });
    store.segments.update(segs[1].id, { startSample: 60 });
    expect(spans(id)).toEqual([
      [0, 60, a],
      [60, 200, b]
    ]);
  });

  it('rejects segments outside the recording, empty ones and unknown labels', () => {
    const { id, a } = setup();
    expect(() => store.segments.create(id, { startSample: 900, endSample: 1001, labelId: a })).toThrow(/past the end/);
    expect(() => store.segments.create(id, { startSample: 5, endSample: 5, labelId: a })).toThrow(/before end/);
    expect(() => store.segments.create(id, { startSample: 0, endSample: 5, labelId: 999 })).toThrow(/label class 999/);
    expect(store.segments.list(id)).toEqual([]);
  });

  it('replace restores an earlier list exactly (undo)', () => {
    const { id, a, b } = setup();
    store.segments.create(id, { startSample: 0, endSample: 100, labelId: a });
    const before = store.segments.list(id).map(({ startSample, endSample, labelId }) => ({ startSample, endSample, labelId }));
    store.segments.create(id, { startSample: 50, endSample: 150, labelId: b });
    store.segments.replace(id, before);
    expect(spans(id)).toEqual([[0, 100, a]]);
  });

  it('label coverage counts confirmed segments only', () => {
    const { id, a } = setup();
    store.segments.create(id, { startSample: 0, endSample: 250, labelId: a });
    store.segments.create(id, { startSample: 500, endSample: 1000, labelId: a, predicted: true, confidence: 0.9 });
    expect(store.recordings.get(id).labelCoverage).toBeCloseTo(0.25);
  });
});

describe('import sessions are atomic', () => {
  it('nothing of an aborted import is visible or left in the file', () => {
    const s = new ImportSession(store.db, 'x.csv', ['t']);
    const w = s.begin({ name: 'x', sampleRate: 10, channels: [{ name: 'a', unit: '' }] });
    w.append([new Float32Array(100_000)]);
    w.addSegment(0, 10, 'walk');
    expect(store.recordings.list()).toEqual([]); // invisible while importing
    s.abort();
    for (const table of ['recordings', 'sample_chunks', 'summary_chunks', 'segments', 'recording_tags']) {
      expect((store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n, table).toBe(0);
    }
  });

  it('commit makes every recording of the file visible with tags and segments', () => {
    const s = new ImportSession(store.db, 'x.ts', ['user']);
    for (const name of ['a', 'b']) {
      const w = s.begin({ name, sampleRate: 1, channels: [{ name: 'v', unit: '' }], tags: ['Prob', 'TRAIN'] });
      w.append([new Float32Array(30)]);
      w.addSegment(0, 30, 'cls1');
    }
    s.commit();
    const recs = store.recordings.list(['Prob', 'user']);
    expect(recs.map((r) => r.name)).toEqual(['a', 'b']);
    expect(recs[0].tags).toEqual(['Prob', 'TRAIN', 'user']);
    expect(recs[0].labelCoverage).toBe(1);
  });

  it('a recording abandoned by a dead importer is removed when the store opens', () => {
    const s = new ImportSession(store.db, 'x', []);
    s.begin({ name: 'ghost', sampleRate: 1, channels: [{ name: 'v', unit: '' }] }).append([new Float32Array(10)]);
    store.db.prepare('UPDATE recordings SET importer_pid = 999999999').run();
    store.close();
    store = Store.open(tmp.dir);
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM recordings').get() as { n: number }).n).toBe(0);
  });
});

describe('migrations', () => {
  it('a new file gets every migration and WAL', () => {
    expect(store.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('refuses a database from a newer SensorLab instead of touching it', () => {
    store.close();
    const raw = new Database(join(tmp.dir, 'sensorlab.db'));
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => Store.open(tmp.dir)).toThrow(/newer than this SensorLab understands/);
    store = Store.open(tempDir().dir);
  });
});

describe('labels CSV', () => {
  it('round-trips segments through CSV in seconds and samples', () => {
    const [id] = addRecordings(store, [{ name: 'walk, fast "1"', sampleRate: 50, channels: zeros(5000), segments: [[100, 600, 'walk'], [600, 900, 'run']] }]);
    const csv = labelsToCsv(collectLabels(store, [store.recordings.get(id)]));
    expect(csv.split('\n')[1]).toBe('"walk, fast ""1""",2,12,walk,100,600');
    store.segments.replace(id, []);
    const res = importLabelRows(store, parseLabelCsv(csv));
    expect(res).toMatchObject({ recordings: 1, segments: 2, skipped: [] });
    expect(store.segments.list(id).map((s) => [s.startSample, s.endSample])).toEqual([
      [100, 600],
      [600, 900]
    ]);
  });

  it('reports rows naming unknown recordings and bad columns', () => {
    expect(() => parseLabelCsv('a,b\n1,2')).toThrow(/needs columns recording and label/);
    expect(() => parseLabelCsv('recording,label,start_s,end_s\nx,walk,abc,1')).toThrow(/line 2: start_s is not a number/);
    const res = importLabelRows(store, parseLabelCsv('recording,start_s,end_s,label\nnope,0,1,walk\n'));
    expect(res.skipped).toEqual([{ line: 2, reason: 'no recording named "nope"' }]);
  });
});
