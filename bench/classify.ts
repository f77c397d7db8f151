// Batch-classification throughput: generates N CSV files (default 20 × 1 h, time + 6 channels at 50 Hz),
// stores an untrained `tsc` model (window 128, stride 64), then times
//   (a) end to end: classify.start through the core and the ML worker (parse → windows → batched
//       inference → merge), windows/s and files/s, with peak RSS sampled during the run;
//   (b) raw predict: the same model's predict in the same ML worker on the same windows, already
//       normalised in memory, in the job's batch size (half before, half after (a));
//   (c) PyTorch: the parity reference's tsc on the same shapes (bench/classify_torch.py, /usr/bin/python3).
// Target: (a) ≥ 80 % of (b); peak RSS < 1 GB. Prints os.loadavg() (the CPU is shared), a table and a
// final JSON line.
// Usage: npm run bench classify -- [--files 20] [--hours 1] [--width 64] [--threads 2] [--no-torch] [--keep]
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClassifyResult } from '../src/shared/api/classify';
import { createCore } from '../src/main/core';
import { BATCH_WINDOWS } from '../src/main/core/classify/classify-job';
import { fillWindows, planWindows } from '../src/main/core/classify/windows';
import { serializeModel } from '../src/main/core/ml/artifacts';
import { ModelRepo } from '../src/main/core/ml/model-repo';
import { buildModel } from '../src/main/core/ml/models/index';
import { Store } from '../src/main/core/store';
import { dispatch } from '../src/main/transports/dispatch';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const flag = (name: string) => args.includes(`--${name}`);

const FILES = opt('files', 20);
const HOURS = opt('hours', 1);
const WIDTH = opt('width', 64);
const THREADS = opt('threads', 2);
const RATE = 50;
const C = 6;
const L = 128;
const STRIDE = 64;
const CLASSES = ['rest', 'walk', 'run', 'jump'];
const NORM = { mean: [0, 0, 1, 0, 0, 0], std: [0.5, 0.5, 0.5, 1, 1, 1] };
const MB = 1e6;

/** Deterministic signal of file f at sample t, channel c (bouts of 20 s, four kinds). */
function value(f: number, t: number, c: number): number {
  const kind = Math.floor((t + f * 997) / (20 * RATE)) % 4;
  const freq = [0.1, 1.8, 2.7, 1.1][kind];
  const amp = [0.02, 0.4, 0.9, 1.5][kind];
  return (c === 2 ? 1 : 0) + amp * Math.sin((2 * Math.PI * freq * t) / RATE + c) + 0.05 * Math.sin(t * 12.9898 + c * 78.233 + f);
}

function writeCsv(path: string, f: number, n: number): void {
  const fd = openSync(path, 'w');
  const head = 'time,acc_x,acc_y,acc_z,gyro_x,gyro_y,gyro_z\n';
  writeSync(fd, head);
  let chunk: string[] = [];
  for (let t = 0; t < n; t++) {
    let line = (t / RATE).toFixed(2);
    for (let c = 0; c < C; c++) line += `,${value(f, t, c).toFixed(4)}`;
    chunk.push(line);
    if (chunk.length === 20000 || t === n - 1) {
      writeSync(fd, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  closeSync(fd);
}

/** The file's samples as the importer reads them (4-decimal text), channel-major. */
function fileSource(f: number, n: number) {
  const cols = Array.from({ length: C }, (_, c) => {
    const col = new Float32Array(n);
    for (let t = 0; t < n; t++) col[t] = Number(value(f, t, c).toFixed(4));
    return col;
  });
  return { channels: C, length: n, read: (lo: number, hi: number) => cols.map((col) => col.subarray(lo, hi)) };
}

class PeakRss {
  peak = 0;
  private timer = setInterval(() => this.sample(), 50);
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sensorlab-bench-classify-'));
  const filesDir = join(dir, 'files');
  mkdirSync(filesDir);
  const n = Math.round(HOURS * 3600 * RATE);
  console.error(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  try {
    console.error(`writing ${FILES} CSV file(s) of ${HOURS} h (${n} samples × ${C} channels at ${RATE} Hz)…`);
    let bytes = 0;
    for (let f = 0; f < FILES; f++) {
      const p = join(filesDir, `rec-${String(f).padStart(3, '0')}.csv`);
      writeCsv(p, f, n);
      bytes += statSync(p).size;
    }

    // The model: tsc, untrained (throughput does not depend on the weights), stored like a trained one.
    await tf.setBackend('cpu');
    const net = buildModel({ arch: 'tsc', channels: C, classes: CLASSES.length, width: WIDTH }, { seed: 1 });
    const artifacts = await serializeModel(tf, net);
    const params = net.countParams();
    net.dispose();
    const dataDir = join(dir, 'data');
    const store = Store.open(dataDir);
    new ModelRepo(store.db).insert({
      name: 'bench-tsc', arch: 'tsc', classes: CLASSES,
      channels: ['acc_x', 'acc_y', 'acc_z', 'gyro_x', 'gyro_y', 'gyro_z'].map((name) => ({ name, unit: '' })),
      sampleRate: RATE, window: { mode: 'fixed', length: L, stride: STRIDE, rule: 'inside', majority: 0.5 },
      normalisation: NORM, config: { arch: 'tsc', width: WIDTH }, metrics: null, params, backend: 'cpu', durationS: 0, artifacts
    });
    store.close();

    // (a) End to end through the core and the ML worker, bracketed by (b) raw predict through the same
    // worker on the same windows (first half of the files before, second half after), so a change of
    // load on the shared CPU weighs on both alike.
    const core = createCore({ dataDir });
    await core.ml.backend(); // the app starts its ML worker at launch; its start-up is not the pipeline's cost
    const perWin = L * C;
    const batch = new Float32Array(BATCH_WINDOWS * perWin);
    const predict = (x: Float32Array, take: number) => core.ml.predict!({ model: artifacts, modelKey: 'raw', x, n: take, length: L, channels: C });
    const rawPass = async (from: number, to: number): Promise<{ s: number; windows: number }> => {
      await predict(batch.slice(0, perWin), 1); // model load + warm-up, not timed
      let s = 0;
      let count = 0;
      for (let f = from; f < to; f++) {
        const src = fileSource(f, n);
        const grid = planWindows(n, L, STRIDE, 'fixed');
        for (let w = 0; w < grid.starts.length; w += BATCH_WINDOWS) {
          const take = Math.min(BATCH_WINDOWS, grid.starts.length - w);
          fillWindows(src, grid, w, w + take, L, NORM, batch, 0);
          const x = batch.slice(0, take * perWin);
          const t = performance.now();
          await predict(x, take);
          s += (performance.now() - t) / 1000;
          count += take;
        }
      }
      return { s, windows: count };
    };
    const half = Math.floor(FILES / 2);
    console.error(`raw predict on the windows of files 1–${half}…`);
    const rawA = await rawPass(0, half);

    console.error('classifying end to end…');
    const rssBefore = process.memoryUsage().rss;
    const rss = new PeakRss();
    const t0 = performance.now();
    const started = await dispatch(core.handlers, 'classify.start', { model: 'bench-tsc', paths: [filesDir] });
    if (!started.ok) throw new Error(started.error.message);
    const { jobId } = started.value as { jobId: string };
    let lastLog = 0;
    const off = core.jobs.on((j) => {
      if (j.id !== jobId || performance.now() - lastLog < 5000) return;
      lastLog = performance.now();
      const x = j.progress.extra ?? {};
      console.error(`  ${j.progress.done}/${j.progress.total} files, ${Math.round(Number(x.windowsPerS ?? 0))} windows/s`);
    });
    const job = await core.jobs.wait(jobId);
    const e2eS = (performance.now() - t0) / 1000;
    off();
    const peakRss = rss.stop();
    if (job.state !== 'done') throw new Error(`classify ${job.state}: ${job.error?.message}`);
    const r = job.result as ClassifyResult;
    if (r.failed.length) throw new Error(`${r.failed.length} file(s) failed: ${r.failed[0].message}`);
    const backend = r.stats.backend ?? 'unknown backend';
    const windows = r.stats.windows;

    console.error(`raw predict on the windows of files ${half + 1}–${FILES}…`);
    const rawB = await rawPass(half, FILES);
    await core.close();
    const rawS = rawA.s + rawB.s;
    const rawWindows = rawA.windows + rawB.windows;
    if (rawWindows !== windows) throw new Error(`raw predict saw ${rawWindows} windows, the job ${windows}`);

    // (c) PyTorch on the same shapes.
    let torch: { windows_per_s: number; torch: string; threads: number } | null = null;
    if (!flag('no-torch')) {
      console.error('PyTorch inference on the same shapes…');
      const tw = Math.min(windows, 20_000);
      const p = spawnSync('/usr/bin/python3', [join(__dirname, 'classify_torch.py'), String(tw), String(L), String(C), String(CLASSES.length), String(WIDTH), String(BATCH_WINDOWS), String(THREADS)], { encoding: 'utf8' });
      if (p.status === 0) torch = JSON.parse(p.stdout.trim().split('\n').pop() as string);
      else console.error(`PyTorch skipped: ${(p.stderr || p.error?.message || '').trim().split('\n').pop()}`);
    }

    const e2eWps = windows / e2eS;
    const rawWps = rawWindows / rawS;
    const ratio = e2eWps / rawWps;
    const rows: Array<[string, string]> = [
      ['files', `${FILES} × ${HOURS} h CSV (${(bytes / MB).toFixed(0)} MB), ${C} ch at ${RATE} Hz`],
      ['model', `tsc width ${WIDTH} (${params} params), window ${L}, stride ${STRIDE}; ${backend}`],
      ['windows', String(windows)],
      ['end to end', `${e2eS.toFixed(1)} s: ${e2eWps.toFixed(0)} windows/s, ${(FILES / e2eS).toFixed(3)} files/s`],
      ['raw predict', `${rawS.toFixed(1)} s: ${rawWps.toFixed(0)} windows/s (before: ${(rawA.windows / rawA.s).toFixed(0)}, after: ${(rawB.windows / rawB.s).toFixed(0)})`],
      ['e2e / raw', `${(100 * ratio).toFixed(1)} % (target ≥ 80 %) ${ratio >= 0.8 ? 'OK' : 'MISSED'}`],
      ['PyTorch', torch ? `${torch.windows_per_s.toFixed(0)} windows/s (torch ${torch.torch}, ${torch.threads} threads)` : 'skipped'],
      ['peak RSS', `${(peakRss / MB).toFixed(0)} MB (before: ${(rssBefore / MB).toFixed(0)} MB; target < 1000) ${peakRss < 1e9 ? 'OK' : 'MISSED'}`],
      ['load average', loadavg().map((x) => x.toFixed(2)).join(' ')]
    ];
    const w = Math.max(...rows.map((x) => x[0].length));
    console.log(rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n'));
    console.log(
      JSON.stringify({
        bench: 'classify', files: FILES, hours: HOURS, channels: C, rate: RATE, window: L, stride: STRIDE, width: WIDTH, windows,
        backend, e2eSeconds: +e2eS.toFixed(2), e2eWindowsPerS: +e2eWps.toFixed(1), filesPerS: +(FILES / e2eS).toFixed(4),
        rawWindowsPerS: +rawWps.toFixed(1), e2eOverRaw: +ratio.toFixed(3), torchWindowsPerS: torch?.windows_per_s ?? null,
        peakRssMB: +(peakRss / MB).toFixed(0), loadavg: loadavg().map((x) => +x.toFixed(2)),
        targets: { e2eOverRaw: ratio >= 0.8, rss: peakRss < 1e9 }
      })
    );
  } finally {
    if (!flag('keep')) rmSync(dir, { recursive: true, force: true });
    else console.error(`kept ${dir}`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
