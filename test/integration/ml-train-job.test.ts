// Training as a job in the ML worker thread, on a real SQLite library: progress, the stored model,
// evaluation, export to a folder that plain TensorFlow.js loads (same predictions), import, cancel,
// and a crashing worker turning into a failed job.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvalMetrics, TrainResult } from '../../src/shared/api/ml';
import type { JobInfo } from '../../src/shared/domain';
import { call } from '../../src/main/cli/io';
import { createCore, type Core } from '../../src/main/core';
import { ModelRepo } from '../../src/main/core/ml/model-repo';
import { WorkerMl, type WorkerMlOptions } from '../../src/main/core/ml/worker-ml';
import { addRecordings, type SyntheticRecording } from '../helpers/store';
import { rng, tempDir } from '../helpers/temp';

let tmp: ReturnType<typeof tempDir>;
let core: Core;
const open = (opts: WorkerMlOptions = {}) => (core = createCore({ dataDir: join(tmp.dir, 'lib'), ml: new WorkerMl(opts), throttleMs: 0 }));
beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  await core?.close();
  tmp.cleanup();
});

/** UCR-like cases: 2 channels, 32 samples; "slow" and "fast" sines; tags toy + TRAIN/TEST. */
function cases(n: number, split: 'TRAIN' | 'TEST', seed: number): SyntheticRecording[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const f = i % 2 ? 0.9 : 0.2;
    const ph = r() * 6;
    const ch = [0, 1].map((c) => Float32Array.from({ length: 32 }, (_, t) => Math.sin(f * t + ph + c) + 0.1 * (r() - 0.5)));
    return { name: `${split}-${i}`, channels: ch, segments: [[0, 32, i % 2 ? 'fast' : 'slow']], tags: ['toy', split] };
  });
}

async function finish(jobId: string): Promise<JobInfo> {
  return core.jobs.wait(jobId);
}

const TRAIN = { tags: ['toy'], valTag: 'TEST', arch: 'tsc' as const, width: 8, epochs: 12, batchSize: 8, learningRate: 0.01, seed: 3 };

describe('training job (worker thread)', () => {
  it('trains with progress, stores the model, evaluates, exports a folder plain tfjs loads with the same predictions, imports it back', async () => {
    open();
    addRecordings(core.store, [...cases(16, 'TRAIN', 1), ...cases(8, 'TEST', 2)]);
    const progress: JobInfo['progress'][] = [];
    const { jobId } = await call(core, 'train.start', { ...TRAIN, name: 'toy-model' });
    const off = core.jobs.on((j) => { if (j.id === jobId && j.state === 'running') progress.push(j.progress); });
    const job = await finish(jobId);
    off();
    expect(job.error).toBeUndefined();
    expect(job.state).toBe('done');
    const result = job.result as TrainResult;
    expect(result.model.name).toBe('toy-model');
    const extras = progress.map((p) => p.extra ?? {});
    expect(extras.filter((e) => e.phase === 'batch').length).toBeGreaterThanOrEqual(12 * 2);
    expect(extras.filter((e) => e.phase === 'epoch').length).toBe(12);
    const last = extras[extras.length - 1];
    expect(last).toMatchObject({ phase: 'epoch', epoch: 12, epochs: 12, device: 'CPU' });
    expect(typeof last.valLoss).toBe('number');
    expect(last.samplesPerS as number).toBeGreaterThan(0);
    expect(String(last.backend)).toMatch(/wasm|cpu|tensorflow/);
    expect(progress[progress.length - 1].message).toMatch(/epoch 12\/12 .* samples\/s.*\[(wasm|cpu|tensorflow)\/CPU\]/);

    const m = result.metrics;
    expect(m.history.length).toBe(12);
    expect(m.train.windows).toBe(16);
    expect(m.validation!.count).toBe(8);
    expect(m.validation!.accuracy).toBeGreaterThanOrEqual(0.75);
    // Stored in SQLite with everything needed to use it again.
    const [stored] = await call(core, 'models.list', {});
    expect(stored).toMatchObject({ id: result.model.id, name: 'toy-model', arch: 'tsc', classes: ['slow', 'fast'], sampleRate: 50 });
    expect(stored.window).toMatchObject({ mode: 'auto', length: 32 });
    expect(stored.normalisation.mean.length).toBe(2);
    expect(stored.config).toMatchObject({ seed: 3, epochs: 12, width: 8 });
    expect(stored.backend).toMatch(/CPU/);

    const ev = await finish((await call(core, 'evaluate.start', { model: 'toy-model', tags: ['toy', 'TEST'] })).jobId);
    const metrics = ev.result as EvalMetrics;
    expect(metrics.count).toBe(8);
    expect(metrics.accuracy).toBeCloseTo(m.validation!.accuracy, 6);
    expect(metrics.confusion.flat().reduce((a, b) => a + b, 0)).toBe(8);
    expect(metrics.misclassified.length).toBe(metrics.misclassifiedTotal);

    // Export → plain tf.loadLayersModel over "http" (as a browser would), no SensorLab code involved.
    const dir = join(tmp.dir, 'export');
    await call(core, 'models.export', { id: result.model.id, dir });
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'sensorlab.json', 'weights.bin']);
    const meta = JSON.parse(readFileSync(join(dir, 'sensorlab.json'), 'utf8'));
    expect(meta).toMatchObject({ format: 'sensorlab-model', classes: ['slow', 'fast'], sampleRate: 50 });
    const fetchFunc = async (url: URL | RequestInfo) => new Response(readFileSync(join(dir, basename(new URL(String(url)).pathname))));
    const plain = await tf.loadLayersModel('http://localhost/model/model.json', { fetchFunc });
    const r = rng(9);
    const x = Float32Array.from({ length: 5 * 32 * 2 }, () => r() * 2 - 1);
    const want = tf.tidy(() => (plain.predict(tf.tensor3d(x, [5, 32, 2])) as tf.Tensor).dataSync() as Float32Array);
    plain.dispose();
    const repo = new ModelRepo(core.store.db);
    const ours = await core.ml.predict!({ model: repo.artifacts(result.model.id), x, n: 5, length: 32, channels: 2 });
    expect(ours.length).toBe(10);
    for (let i = 0; i < 10; i++) expect(Math.abs(ours[i] - want[i])).toBeLessThan(1e-4);

    const imported = await call(core, 'models.import', { dir });
    expect(imported.name).toBe('toy-model (2)');
    expect(imported).toMatchObject({ classes: stored.classes, window: stored.window, normalisation: stored.normalisation });
    const again = await core.ml.predict!({ model: repo.artifacts(imported.id), x, n: 5, length: 32, channels: 2 });
    expect(Array.from(again)).toEqual(Array.from(ours));
    await expect(call(core, 'models.export', { id: imported.id, dir })).rejects.toThrow(/already holds a model/);
  });

  it('cancel stops the job before the next batch and stores nothing', async () => {
    open();
    addRecordings(core.store, cases(64, 'TRAIN', 4));
    const { jobId } = await call(core, 'train.start', { tags: ['toy'], valSplit: 0, arch: 'tsc', width: 8, epochs: 50, batchSize: 2, seed: 1 });
    let batchesAfterCancel = -1;
    const off = core.jobs.on((j) => {
      if (j.id !== jobId || j.progress.extra?.phase !== 'batch') return;
      if (batchesAfterCancel < 0) {
        core.jobs.cancel(jobId);
        batchesAfterCancel = 0;
      } else batchesAfterCancel++;
    });
    const job = await finish(jobId);
    off();
    expect(job.state).toBe('cancelled');
    // The flag is read before every batch: the batch in flight finishes, plus at most one more whose
    // start raced the cancel message (its progress was already queued); 50 epochs × 32 batches otherwise.
    expect(batchesAfterCancel).toBeLessThanOrEqual(2);
    expect(job.progress.done).toBeLessThanOrEqual(4);
    expect(await call(core, 'models.list', {})).toEqual([]);
  });

  it.each([
    ['exit', /exited with code 3/],
    ['throw', /crashed: test hook: the ML worker threw/]
  ] as const)('a worker that dies (%s) fails the job with its message; the next request gets a fresh worker', async (how, message) => {
    open({ crash: { how, afterBatches: 2 } });
    addRecordings(core.store, cases(16, 'TRAIN', 5));
    const { jobId } = await call(core, 'train.start', { tags: ['toy'], valSplit: 0, arch: 'tsc', width: 8, epochs: 5, batchSize: 4, seed: 1 });
    const job = await finish(jobId);
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(message);
    expect(await call(core, 'models.list', {})).toEqual([]);
    expect((await core.ml.backend()).device).toBe('CPU');
  });
});
