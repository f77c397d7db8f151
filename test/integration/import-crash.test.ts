// Kill the importing process (SIGKILL) at random moments, many times: after each kill the database
// passes integrity_check and every recording is either complete or absent.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/store';
import { CHUNK_SAMPLES } from '../../src/main/core/store/layout';
import { rng, tempDir } from '../helpers/temp';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'bin', 'sensorlab.cjs');
const ROWS = 150_000;
const CHANNELS = 8;
let tmp: ReturnType<typeof tempDir>;
let csv: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) throw new Error('build first: npm run build');
  tmp = tempDir();
  csv = join(tmp.dir, 'big.csv');
  const r = rng(7);
  const lines = [`time,${Array.from({ length: CHANNELS }, (_, i) => `ch${i}`).join(',')}`];
  for (let i = 0; i < ROWS; i++) {
    const row = [(i / 100).toFixed(2)];
    for (let c = 0; c < CHANNELS; c++) row.push((r() * 2 - 1).toFixed(5));
    lines.push(row.join(','));
  }
  writeFileSync(csv, `${lines.join('\n')}\n`);
});
afterAll(() => tmp.cleanup());

function importThenKill(dataDir: string, afterMs: number): Promise<'killed' | 'finished'> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [CLI, 'import', csv, '--data-dir', dataDir, '--json'], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), Math.max(1, afterMs));
    child.once('exit', (_code, signal) => {
      clearTimeout(timer);
      ok(signal === 'SIGKILL' ? 'killed' : 'finished');
    });
  });
}

function checkConsistent(dataDir: string): number {
  // Raw check first, before any cleanup the app would do on open.
  const raw = new Database(join(dataDir, 'sensorlab.db'));
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(raw.pragma('foreign_key_check')).toEqual([]);
  const ready = raw.prepare(`SELECT id, num_samples FROM recordings WHERE status = 'ready'`).all() as Array<{ id: number; num_samples: number }>;
  for (const rec of ready) {
    expect(rec.num_samples).toBe(ROWS);
    const chunks = raw.prepare('SELECT COUNT(*) AS n FROM sample_chunks WHERE recording_id = ?').get(rec.id) as { n: number };
    expect(chunks.n).toBe(Math.ceil(ROWS / CHUNK_SAMPLES) * CHANNELS);
  }
  raw.close();
  // Opening the store removes what a killed importer left half-written.
  const store = Store.open(dataDir);
  const visible = store.recordings.list();
  const left = store.db.prepare(`SELECT COUNT(*) AS n FROM recordings WHERE status = 'importing'`).get() as { n: number };
  expect(left.n).toBe(0);
  const orphans = store.db
    .prepare('SELECT COUNT(*) AS n FROM sample_chunks WHERE recording_id NOT IN (SELECT id FROM recordings)')
    .get() as { n: number };
  expect(orphans.n).toBe(0);
  for (const r of visible) {
    const back = store.samples.readChannel(r, CHANNELS - 1, ROWS - 3, ROWS);
    expect(back.length).toBe(3);
    expect(Number.isNaN(back[2])).toBe(false);
  }
  store.close();
  return visible.length;
}

describe('imports survive SIGKILL', () => {
  it('after each kill the file is intact and every recording is complete or absent', async () => {
    const dataDir = join(tmp.dir, 'data');
    const r = rng(11);
    // One import left to finish times the whole run (process start included), so that the kills land
    // anywhere in it however fast or loaded the machine is.
    const t0 = Date.now();
    expect(await importThenKill(dataDir, 600_000)).toBe('finished');
    const fullMs = Date.now() - t0;
    let killed = 0;
    let finished = 1;
    expect(checkConsistent(dataDir)).toBe(finished);
    for (let i = 0; i < 12; i++) {
      const outcome = await importThenKill(dataDir, Math.floor(r() * fullMs));
      if (outcome === 'killed') killed++;
      else finished++;
      const before = finished;
      expect(checkConsistent(dataDir)).toBe(before);
    }
    expect(killed).toBeGreaterThan(3);
  }, 300_000);
});
