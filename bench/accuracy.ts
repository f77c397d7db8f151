// Accuracy of `tsc` (the time-series ResNet of Wang et al. 2017) on UCR/UEA sets, beside the published
// ResNet accuracy. Per set: import <Name>_TRAIN.ts and <Name>_TEST.ts as tagged recordings (one case =
// one recording = one window, window 'auto'), train on TRAIN only (no validation set: the rate
// schedule, early stopping and the kept weights follow the training loss, as in the paper — TEST never
// steers training), then evaluate on TEST through evaluate.start. Everything runs through the same
// core as the app and the CLI (ML worker thread, SQLite in a temp folder).
//   npm run bench accuracy -- [--sets GunPoint,ECG200] [--epochs 160] [--batch 16] [--seeds 1,2,3]
//                             [--schedule cosine|plateau|constant] [--no-augment] [--data D]
// With several seeds, each set is trained once per seed and the mean TEST accuracy is compared with
// the published figure (one run of a small test set moves by a point or two from seed to seed).
// The epoch budget is bounded (default 160 with a cosine schedule, about 1,600–1,900 optimizer steps
// per set; the paper used 1500 epochs with plateau halving): the output says so. Defaults: 3 seeds,
// mean compared; about 2 hours on 2 cores with WASM (`--epochs 40 --seeds 1` for a 12-minute look).
// At 40 epochs (under 500 steps on these small sets) the smallest sets were undertrained: the 3-seed
// mean on ArrowHead fell 2.5 points short.
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { EvalMetrics, TrainResult } from '../src/shared/api/ml';
import type { ImportResult } from '../src/shared/api/library';
import { call, jobResult, table } from '../src/main/cli/io';
import { createCore, type Core } from '../src/main/core';
import { tempDir } from '../test/helpers/temp';

const ALL_SETS = ['BasicMotions', 'Epilepsy', 'RacketSports', 'GunPoint', 'ECG200', 'ItalyPowerDemand', 'ArrowHead', 'UWaveGestureLibrary'];
const SHARED = resolve(__dirname, '..', '..', 'shared', 'data');
const TARGET_POINTS = 2;

interface Published {
  accuracy: number;
  source: string;
}

/**
 * The published ResNet accuracy of a set: the default-split (fold 0) figure when there is one (the
 * split we train and test on), else the mean of the runs of Ismail Fawaz et al. (UCR 2018 archive).
 */
export function publishedResNet(csv: string, set: string): Published | null {
  const rows = csv.trim().split('\n').slice(1).map((l) => l.split(','));
  const mine = rows.filter((r) => r[0] === set && r[2] === 'ResNet');
  const pick = mine.find((r) => r[4].startsWith('fold 0')) ?? mine.find((r) => r[1] === 'UCR2018' && r[4].startsWith('mean')) ?? mine[0];
  return pick ? { accuracy: Number(pick[3]) / 100, source: `${pick[1]} ${pick[4]} (${pick[6]})` } : null;
}

async function waitJob<T>(core: Core, jobId: string, onProgress?: (msg: string) => void): Promise<T> {
  const off = onProgress ? core.jobs.on((j) => { if (j.id === jobId && j.progress.message) onProgress(j.progress.message); }) : () => undefined;
  try {
    return jobResult<T>(await core.jobs.wait(jobId));
  } finally {
    off();
  }
}

interface Run {
  seed: number;
  accuracy: number;
  epochs: number;
  trainS: number;
  samplesPerS: number;
}

interface Row {
  set: string;
  channels: number;
  length: number;
  train: number;
  test: number;
  epochs: string;
  batch: number;
  /** Mean over the seeds' runs. */
  accuracy: number;
  runs: Run[];
  published: number | null;
  diff: number | null;
  withinTarget: boolean | null;
  trainS: number;
  wallS: number;
  samplesPerS: number;
  backend: string;
}

interface Options {
  epochs: number;
  batch: number;
  seeds: number[];
  schedule: 'plateau' | 'cosine' | 'constant';
  augment: boolean;
}

async function runSet(core: Core, dataDir: string, set: string, opts: Options, csv: string): Promise<Row> {
  const t0 = performance.now();
  const files = ['TRAIN', 'TEST'].map((s) => join(dataDir, set, `${set}_${s}.ts`));
  for (const f of files) if (!existsSync(f)) throw new Error(`missing ${f}`);
  const imp = await call(core, 'import.start', { paths: files, tags: [] });
  const imported = await waitJob<ImportResult>(core, imp.jobId);
  if (imported.failed.length) throw new Error(`import of ${set} failed: ${imported.failed.map((f) => f.message).join('; ')}`);
  const preview = await call(core, 'train.preview', { tags: [set, 'TRAIN'], valSplit: 0 });
  // Wang et al. / Ismail Fawaz et al.: batch min(n/10, 16); we cap the same way.
  const batch = Math.max(1, Math.min(opts.batch, Math.floor(preview.windows.train / 10) || 1));
  const runs: Run[] = [];
  let test = 0;
  let backend = '';
  for (const seed of opts.seeds) {
    const start = await call(core, 'train.start', {
      tags: [set, 'TRAIN'], valSplit: 0, window: 'auto', arch: 'tsc', epochs: opts.epochs, batchSize: batch,
      learningRate: 0.001, patience: 0, lrSchedule: opts.schedule, augment: opts.augment, seed, name: `bench-${set}-seed${seed}`
    });
    let lastEpoch = 0;
    const trained = await waitJob<TrainResult>(core, start.jobId, (msg) => {
      const m = /^epoch (\d+)\/\d+ batch (\d+)\/(\d+)/.exec(msg);
      if (m && m[2] === m[3] && Number(m[1]) > lastEpoch && (Number(m[1]) % 10 === 0 || Number(m[1]) === 1)) {
        lastEpoch = Number(m[1]);
        process.stderr.write(`  ${set} seed ${seed}: ${msg}\n`);
      }
    });
    const ev = await call(core, 'evaluate.start', { model: trained.model.id, tags: [set, 'TEST'] });
    const metrics = await waitJob<EvalMetrics>(core, ev.jobId);
    test = metrics.count;
    backend = (await call(core, 'models.get', { id: trained.model.id })).backend;
    const m = trained.metrics;
    runs.push({ seed, accuracy: metrics.accuracy, epochs: m.epochs, trainS: m.durationS, samplesPerS: m.samplesPerS });
    if (opts.seeds.length > 1) process.stderr.write(`  ${set} seed ${seed}: ${(100 * metrics.accuracy).toFixed(1)}%\n`);
  }
  const mean = (f: (r: Run) => number) => runs.reduce((a, r) => a + f(r), 0) / runs.length;
  const accuracy = mean((r) => r.accuracy);
  const pub = publishedResNet(csv, set);
  return {
    set,
    channels: preview.channels.length,
    length: preview.window.length,
    train: preview.windows.train,
    test,
    epochs: `${[...new Set(runs.map((r) => r.epochs))].join(',')}/${opts.epochs}`,
    batch,
    accuracy,
    runs,
    published: pub?.accuracy ?? null,
    diff: pub ? accuracy - pub.accuracy : null,
    withinTarget: pub ? accuracy >= pub.accuracy - TARGET_POINTS / 100 : null,
    trainS: runs.reduce((a, r) => a + r.trainS, 0),
    wallS: (performance.now() - t0) / 1000,
    samplesPerS: mean((r) => r.samplesPerS),
    backend
  };
}

/** "1,2,3" → [1, 2, 3]: distinct non-negative integers. */
export function parseSeeds(text: string): number[] {
  const seeds = text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (!seeds.length || seeds.some((n) => !Number.isInteger(n) || n < 0) || new Set(seeds).size !== seeds.length) {
    throw new Error(`--seeds must be distinct non-negative integers like 1,2,3 (got ${JSON.stringify(text)})`);
  }
  return seeds;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sets: { type: 'string' },
      epochs: { type: 'string', default: '160' },
      batch: { type: 'string', default: '16' },
      seeds: { type: 'string', default: '1,2,3' },
      seed: { type: 'string' },
      schedule: { type: 'string', default: 'cosine' },
      'no-augment': { type: 'boolean', default: false },
      data: { type: 'string', default: SHARED }
    }
  });
  const sets = values.sets ? values.sets.split(',').map((s) => s.trim()).filter(Boolean) : ALL_SETS;
  const epochs = Number(values.epochs);
  const batch = Number(values.batch);
  const seeds = parseSeeds(values.seed ?? values.seeds ?? '1');
  const schedule = values.schedule as 'plateau' | 'cosine' | 'constant';
  const augment = !values['no-augment'];
  if (!['plateau', 'cosine', 'constant'].includes(schedule)) throw new Error('--schedule must be plateau, cosine or constant');
  if (!(Number.isInteger(epochs) && epochs > 0) || !(Number.isInteger(batch) && batch > 0)) throw new Error('--epochs and --batch must be positive integers');
  const dataDir = resolve(values.data as string, 'ucr');
  const csv = readFileSync(resolve(values.data as string, 'published_accuracy.csv'), 'utf8');
  console.log(`accuracy bench: tsc (widths 64/128/128) trained on TRAIN, tested on TEST; epoch budget ${epochs} per set ` +
    `(the paper: 1500), batch min(${batch}, n/10), Adam lr 0.001 with the ${schedule} schedule (training loss only), augmentation ${augment ? 'on' : 'off'}, seed${seeds.length > 1 ? `s ${seeds.join(', ')} (mean accuracy compared)` : ` ${seeds[0]}`}`);
  const rows: Row[] = [];
  const t = tempDir('sensorlab-bench-accuracy-');
  const t0 = performance.now();
  try {
    for (const set of sets) {
      const core = createCore({ dataDir: join(t.dir, set), throttleMs: 200 });
      try {
        const row = await runSet(core, dataDir, set, { epochs, batch, seeds, schedule, augment }, csv);
        rows.push(row);
        process.stderr.write(`${set}: ${(100 * row.accuracy).toFixed(1)}%${seeds.length > 1 ? ' mean' : ''} (published ${row.published === null ? '–' : (100 * row.published).toFixed(1)}%) in ${row.wallS.toFixed(0)} s\n`);
      } finally {
        await core.close();
      }
    }
  } finally {
    t.cleanup();
  }
  const pct = (v: number | null) => (v === null ? '–' : (100 * v).toFixed(1));
  console.log(
    table(
      rows.map((r) => ({
        set: r.set, ch: r.channels, length: r.length, train: r.train, test: r.test, epochs: r.epochs, batch: r.batch,
        'ours %': pct(r.accuracy), runs: r.runs.map((x) => pct(x.accuracy)).join(' '), 'ResNet %': pct(r.published), 'diff pts': r.diff === null ? '–' : (100 * r.diff).toFixed(1),
        'within 2': r.withinTarget === null ? '–' : r.withinTarget ? 'yes' : 'NO', 'train s': r.trainS.toFixed(0), 'wall s': r.wallS.toFixed(0),
        'samples/s': r.samplesPerS.toFixed(0)
      })),
      ['set', 'ch', 'length', 'train', 'test', 'epochs', 'batch', 'ours %', ...(seeds.length > 1 ? ['runs'] : []), 'ResNet %', 'diff pts', 'within 2', 'train s', 'wall s', 'samples/s']
    )
  );
  const met = rows.filter((r) => r.withinTarget).length;
  console.log(`within ${TARGET_POINTS} points of the published ResNet: ${met} of ${rows.filter((r) => r.withinTarget !== null).length} sets`);
  console.log(`backend: ${rows[0]?.backend ?? '–'}; total ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  console.log(JSON.stringify({ bench: 'accuracy', arch: 'tsc', epochBudget: epochs, schedule, augment, seeds, rows, withinTarget: met, totalS: (performance.now() - t0) / 1000 }));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
