// classify.start through the core with an in-process ML host: the windows' predictions equal
// model.predict on the same windows, segments follow the known signal, a bad file is reported while
// the others are classified, exports round-trip, and predictions become predicted labels.
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassifyResult } from '../../src/shared/api/classify';
import { createCore, type Core } from '../../src/main/core';
import { parseSegmentsCsv } from '../../src/main/core/classify/results-io';
import { InProcessMl } from '../../src/main/core/ml/in-process-ml';
import { dispatch } from '../../src/main/transports/dispatch';
import { NORMALISATION, TEST_CLASSES, TEST_RATE, TEST_WINDOW, trainTinyModel, storeTinyModel, writeSegmentsCsv } from '../helpers/classify-model';
import { tempDir } from '../helpers/temp';

let dir: string;
let cleanup: () => void;
let core: Core;
let model: tf.LayersModel;

async function call(name: string, input: unknown): Promise<unknown> {
  const env = await dispatch(core.handlers, name as never, input as never);
  if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
  return env.value;
}

async function classify(input: Record<string, unknown>): Promise<{ jobId: string; result: ClassifyResult }> {
  const { jobId } = (await call('classify.start', { model: 'tiny', ...input })) as { jobId: string };
  const job = await core.jobs.wait(jobId);
  if (job.state !== 'done') throw new Error(`job ${job.state}: ${job.error?.message}`);
  return { jobId, result: job.result as ClassifyResult };
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('sensorlab-classify-'));
  const trained = await trainTinyModel();
  model = trained.model;
  storeTinyModel(dir, trained.artifacts);
  process.env.SENSORLAB_BACKEND = 'cpu';
  core = createCore({ dataDir: dir, ml: new InProcessMl(), throttleMs: 0 });
  writeSegmentsCsv(join(dir, 'a.csv'), [{ cls: 0, seconds: 10 }, { cls: 2, seconds: 10 }, { cls: 1, seconds: 10 }], 3);
  writeSegmentsCsv(join(dir, 'b.csv'), [{ cls: 1, seconds: 6 }, { cls: 0, seconds: 12 }], 4);
  writeFileSync(join(dir, 'bad.csv'), 'time,ax,ay\n0,1,2\n0.05,oops\n');
}, 120_000);

afterAll(async () => {
  await core?.close();
  model?.dispose();
  cleanup?.();
});

describe('classify job', () => {
  it("gives each window model.predict's probabilities on the same normalised windows", async () => {
    const { result } = await classify({ paths: [join(dir, 'a.csv')], includeWindows: true, stride: 5 });
    const item = result.items[0];
    const detail = item.windowDetail!;
    expect(detail.starts.length).toBe(item.windows);
    // Rebuild the windows from the file's known content (re-read the CSV here, independently).
    const { readFileSync } = await import('node:fs');
    const rows = readFileSync(join(dir, 'a.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    const L = TEST_WINDOW;
    const xs = new Float32Array(detail.starts.length * L * 2);
    detail.starts.forEach((s, w) => {
      for (let t = 0; t < L; t++) for (let c = 0; c < 2; c++) xs[(w * L + t) * 2 + c] = (rows[s + t][c + 1] - NORMALISATION.mean[c]) / NORMALISATION.std[c];
    });
    const expected = tf.tidy(() => (model.predict(tf.tensor3d(xs, [detail.starts.length, L, 2])) as tf.Tensor).arraySync() as number[][]);
    expect(detail.probs.length).toBe(expected.length);
    expected.forEach((row, w) => row.forEach((p, k) => expect(detail.probs[w][k]).toBeCloseTo(p, 4)));
    // Strides of 5 over 600 samples: 117 regular windows, plus one flush with the end.
    expect(detail.starts.slice(0, 3)).toEqual([0, 5, 10]);
    expect(detail.starts.at(-1)).toBe(600 - L);
  });

  it('turns a known class per segment into the expected segments and skips a bad file', async () => {
    const { jobId, result } = await classify({ paths: [dir], minDurationS: 1 });
    expect(result.failed.map((f) => f.file)).toEqual([join(dir, 'bad.csv')]);
    expect(result.failed[0].message).toMatch(/line|oops|number/i);
    const byFile = new Map(result.items.map((i) => [i.file, i]));
    const a = byFile.get(join(dir, 'a.csv'))!;
    expect(a.segments.map((s) => s.label)).toEqual(['low', 'high', 'mid']);
    const bounds = a.segments.map((s) => [s.startS, s.endS]);
    expect(bounds[0][0]).toBe(0);
    expect(Math.abs(bounds[0][1] - 10)).toBeLessThanOrEqual(TEST_WINDOW / TEST_RATE);
    expect(Math.abs(bounds[1][1] - 20)).toBeLessThanOrEqual(TEST_WINDOW / TEST_RATE);
    expect(bounds[2][1]).toBeCloseTo(30, 1);
    expect(a.dominant).not.toBeNull();
    const b = byFile.get(join(dir, 'b.csv'))!;
    expect(b.segments.map((s) => s.label)).toEqual(['mid', 'low']);
    expect(b.dominant).toBe('low');
    expect(b.perClass.find((c) => c.label === 'low')!.seconds).toBeGreaterThan(10);

    // CSV export round-trips to the same segments; JSON to the same result.
    const csv = (await call('classify.export', { jobId, format: 'csv' })) as { text: string };
    const rows = parseSegmentsCsv(csv.text);
    const flat = result.items.flatMap((i) => i.segments.map((s) => ({ file: i.key, label: s.label, startS: s.startS, endS: s.endS })));
    expect(rows.map((r) => ({ file: r.file, label: r.label, startS: r.startS, endS: r.endS }))).toEqual(
      flat.map((f) => ({ ...f, startS: Number(f.startS.toFixed(6)), endS: Number(f.endS.toFixed(6)) }))
    );
    const json = (await call('classify.export', { jobId, format: 'json' })) as { text: string };
    expect(JSON.parse(json.text)).toEqual(JSON.parse(JSON.stringify(result)));
    const summary = (await call('classify.export', { jobId, format: 'summary' })) as { text: string };
    expect(summary.text.split('\n')[0]).toContain(`${TEST_CLASSES[0]}_s`);
    expect(summary.text).toMatch(/bad\.csv,.*failed/);

    // Add b.csv to the library with its predictions as predicted labels.
    const added = (await call('classify.toLabels', { jobId, key: join(dir, 'b.csv') })) as { recordingId: number; imported: boolean; segments: number };
    expect(added.imported).toBe(true);
    expect(added.segments).toBe(2);
    const segs = core.store.segments.list(added.recordingId);
    expect(segs.every((s) => s.predicted)).toBe(true);
    expect(segs.map((s) => s.startSample)).toEqual(b.segments.map((s) => s.startSample));
  }, 60_000);

  it('stops when cancelled and refuses to export an unfinished run', async () => {
    const { jobId } = (await call('classify.start', { model: 'tiny', paths: [join(dir, 'a.csv'), join(dir, 'b.csv')], stride: 1 })) as { jobId: string };
    core.jobs.cancel(jobId);
    const job = await core.jobs.wait(jobId);
    expect(job.state).toBe('cancelled');
    await expect(call('classify.export', { jobId, format: 'csv' })).rejects.toThrow(/CONFLICT.*cancelled, not done/);
    await expect(call('classify.start', { model: 'nope', paths: [dir] })).rejects.toThrow(/NOT_FOUND: model "nope" does not exist/);
  });

  it('reports accuracy against library labels', async () => {
    const recs = core.store.recordings.list();
    const rec = recs[0];
    const low = core.store.labels.ensure('low').id;
    const mid = core.store.labels.ensure('mid').id;
    // b.csv: 6 s mid then 12 s low (confirmed labels, not predicted).
    core.store.segments.replace(rec.id, [
      { startSample: 0, endSample: 6 * TEST_RATE, labelId: mid, predicted: false, confidence: null },
      { startSample: 6 * TEST_RATE, endSample: 18 * TEST_RATE, labelId: low, predicted: false, confidence: null }
    ]);
    const { result } = await classify({ recordingIds: [rec.id] });
    expect(result.metrics).not.toBeNull();
    expect(result.metrics!.accuracy).toBeGreaterThan(0.9);
    expect(result.metrics!.confusion.length).toBe(TEST_CLASSES.length);
    expect(result.items[0].truth!.windows).toBeGreaterThan(10);
  });
});
