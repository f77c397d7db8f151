// `npm run bench ml [-- --steps N --warmup N --configs tsc,resnet18]`: training and inference
// throughput of the 1-D ResNets on every TensorFlow.js backend that loads here, against PyTorch on
// the same machine, models and shapes (bench/torch_ref.py, Debian's /usr/bin/python3).
// Each TensorFlow.js engine runs in a child process of its own (the WASM thread count is fixed per
// process). Per config: warm-up steps, then the median of ≥ 5 timed steps, and the kernel profile
// of one training step. infer/s is inference as the app runs it (BatchNorm folded into the
// convolutions, src/main/core/ml/inference-plan.ts); predict/s is plain model.predict. Prints a table, then one JSON line. The CPU is shared: os.loadavg() is
// printed at the start and the end, and every ratio compares numbers taken in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';

const req = createRequire(__filename);

interface BenchConfig {
  name: string;
  arch: 'resnet18' | 'tsc';
  batch: number;
  length: number;
  channels: number;
  classes: number;
  width: number;
}

const CONFIGS: BenchConfig[] = [
  { name: 'resnet18', arch: 'resnet18', batch: 32, length: 1024, channels: 3, classes: 5, width: 64 },
  { name: 'tsc', arch: 'tsc', batch: 64, length: 128, channels: 6, classes: 5, width: 64 },
  // The pure-JS cpu backend is only ever timed on this one (it takes minutes per real step).
  { name: 'tiny-tsc', arch: 'tsc', batch: 8, length: 64, channels: 6, classes: 5, width: 16 }
];

interface EngineResult {
  config: string;
  engine: string;
  threads: number;
  train_sps: number;
  infer_sps: number;
  train_ms: number;
  infer_ms: number;
  /** Plain model.predict, without the inference plan (BatchNorm not folded). */
  predict_sps: number;
  profile: Array<{ kernel: string; pct: number }>;
  note?: string;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
const load = (): string => os.loadavg().map((x) => x.toFixed(2)).join(' ');

/** Child process: one engine, several configs; prints one JSON line. */
async function child(engine: 'wasm' | 'cpu', threads: number, configs: BenchConfig[], warmup: number, steps: number): Promise<void> {
  let actualThreads = 1;
  let note: string | undefined;
  if (engine === 'wasm') {
    const wasm = req('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(join(dirname(req.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')), '/'));
    const { initWasmBackend } = await import('../src/main/core/ml/wasm');
    const init = await initWasmBackend(tf, { threads });
    actualThreads = init.threads;
    note = init.threadsNote;
  } else {
    await tf.setBackend('cpu');
    await tf.ready();
  }
  const { buildModel } = await import('../src/main/core/ml/models');
  const { compileInference } = await import('../src/main/core/ml/inference-plan');
  const results: EngineResult[] = [];
  for (const c of configs) {
    const net = buildModel({ arch: c.arch, channels: c.channels, classes: c.classes, length: c.length, width: c.width }, { logits: true, seed: 1 });
    const opt = tf.train.adam(1e-3);
    const x = tf.randomNormal([c.batch, c.length, c.channels]);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: c.batch }, (_, i) => i % c.classes), 'int32'), c.classes);
    const trainStep = async (): Promise<void> => {
      const cost = tf.tidy(() =>
        opt.minimize(() => tf.losses.softmaxCrossEntropy(y, net.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true) as tf.Scalar
      );
      await cost.data();
      cost.dispose();
    };
    // Inference as the app runs it (engine.ts): BatchNorm folded into the convolutions.
    const plan = compileInference(net);
    const inferStep = async (): Promise<void> => {
      const out = plan.predict(x);
      await out.data();
      out.dispose();
    };
    const predictStep = async (): Promise<void> => {
      const out = tf.tidy(() => net.predict(x) as tf.Tensor);
      await out.data();
      out.dispose();
    };
    const timed = async (f: () => Promise<void>): Promise<number> => {
      for (let i = 0; i < warmup; i++) await f();
      const ms: number[] = [];
      for (let i = 0; i < steps; i++) {
        const t = performance.now();
        await f();
        ms.push(performance.now() - t);
      }
      return median(ms);
    };
    const trainMs = await timed(trainStep);
    const prof = await tf.profile(trainStep);
    const inferMs = await timed(inferStep);
    const predictMs = await timed(predictStep);
    plan.dispose();
    const byKernel = new Map<string, number>();
    let total = 0;
    for (const k of prof.kernels) {
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + ms);
      total += ms;
    }
    const profile = [...byKernel]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([kernel, ms]) => ({ kernel, pct: round((100 * ms) / Math.max(total, 1e-9), 1) }));
    results.push({
      config: c.name, engine, threads: actualThreads, note,
      train_ms: round(trainMs), infer_ms: round(inferMs),
      train_sps: round((c.batch * 1000) / trainMs), infer_sps: round((c.batch * 1000) / inferMs),
      predict_sps: round((c.batch * 1000) / predictMs), profile
    });
    tf.dispose([x, y]);
    opt.dispose();
    net.dispose();
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

function lastJsonLine(text: string): unknown {
  const line = text.trim().split('\n').reverse().find((l) => l.startsWith('[') || l.startsWith('{'));
  if (!line) throw new Error(`no JSON in output: ${text.slice(-500)}`);
  return JSON.parse(line);
}

function runChild(engine: string, threads: number, configs: string[], warmup: number, steps: number): EngineResult[] | string {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', __filename, '--child', engine, '--threads', String(threads), '--configs', configs.join(','), '--warmup', String(warmup), '--steps', String(steps)],
    { encoding: 'utf8', timeout: 8 * 60_000, maxBuffer: 1 << 24 }
  );
  if (r.status !== 0) return `${engine} exited ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`;
  return lastJsonLine(r.stdout) as EngineResult[];
}

interface TorchResult { config: string; threads: number; train_sps: number; infer_sps: number }

function runTorch(configs: BenchConfig[], threads: number[], warmup: number, steps: number): { version: string; results: TorchResult[] } | string {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return `${python} not found`;
  const r = spawnSync(python, [join(__dirname, 'torch_ref.py'), JSON.stringify(configs), threads.join(','), String(warmup), String(steps)], {
    encoding: 'utf8', timeout: 6 * 60_000, maxBuffer: 1 << 24
  });
  if (r.status !== 0) return `torch_ref.py exited ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().split('\n').slice(-2).join(' | ')}`;
  const out = lastJsonLine(r.stdout) as { torch: string; results: TorchResult[] };
  return { version: out.torch, results: out.results };
}

async function main(): Promise<void> {
  const warmup = Number(arg('warmup', '2'));
  const steps = Math.max(5, Number(arg('steps', '5')));
  const childEngine = arg('child', '');
  const names = arg('configs', 'resnet18,tsc').split(',');
  if (childEngine === 'wasm' || childEngine === 'cpu') {
    await child(childEngine, Number(arg('threads', '1')), CONFIGS.filter((c) => names.includes(c.name)), warmup, steps);
    return;
  }
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const loadStart = load();
  console.log(`ml bench: ${cores} cores, load average at start ${loadStart} (1/5/15 min; the CPU is shared)`);
  const chosen = CONFIGS.filter((c) => names.includes(c.name));
  const tiny = CONFIGS.filter((c) => c.name === 'tiny-tsc');
  const torchThreads = cores > 1 ? [1, cores] : [1];
  const torch = runTorch([...chosen, ...tiny], torchThreads, warmup, steps);
  const runs: Array<EngineResult[] | string> = [runChild('wasm', 1, [...chosen, ...tiny].map((c) => c.name), warmup, steps)];
  if (cores > 1) runs.push(runChild('wasm', cores, chosen.map((c) => c.name), warmup, steps));
  runs.push(runChild('cpu', 1, tiny.map((c) => c.name), 1, steps));
  const results = runs.flatMap((r) => (typeof r === 'string' ? [] : r));
  const errors = [...runs.filter((r): r is string => typeof r === 'string'), ...(typeof torch === 'string' ? [`pytorch: ${torch}`] : [])];
  const torchOf = (config: string, threads: number): TorchResult | undefined =>
    typeof torch === 'string' ? undefined : torch.results.find((t) => t.config === config && t.threads === threads);

  const rows: string[][] = [['config', 'engine', 'threads', 'train/s', 'infer/s', 'predict/s', 'train ×torch1', 'infer ×torch1', `train ×torch${cores}`, `infer ×torch${cores}`]];
  const ratios: Array<Record<string, unknown>> = [];
  for (const r of results) {
    const t1 = torchOf(r.config, 1);
    const tn = torchOf(r.config, cores);
    const ratio = (a: number, b: number | undefined): number | null => (b ? round(a / b, 3) : null);
    const q = { config: r.config, engine: r.engine, threads: r.threads,
      train_vs_torch1: ratio(r.train_sps, t1?.train_sps), infer_vs_torch1: ratio(r.infer_sps, t1?.infer_sps),
      train_vs_torch_all: ratio(r.train_sps, tn?.train_sps), infer_vs_torch_all: ratio(r.infer_sps, tn?.infer_sps) };
    ratios.push(q);
    rows.push([r.config, `tfjs ${r.engine}`, String(r.threads), String(r.train_sps), String(r.infer_sps), String(r.predict_sps),
      String(q.train_vs_torch1 ?? '-'), String(q.infer_vs_torch1 ?? '-'), String(q.train_vs_torch_all ?? '-'), String(q.infer_vs_torch_all ?? '-')]);
  }
  if (typeof torch !== 'string') {
    for (const t of torch.results) rows.push([t.config, `pytorch ${torch.version}`, String(t.threads), String(t.train_sps), String(t.infer_sps), '', '', '', '', '']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
  for (const r of results) {
    console.log(`profile ${r.config} tfjs ${r.engine} ${r.threads}t (one training step): ${r.profile.map((p) => `${p.kernel} ${p.pct}%`).join(', ')}${r.note ? ` [${r.note}]` : ''}`);
  }
  for (const e of errors) console.log(`not measured: ${e}`);
  const loadEnd = load();
  console.log(`load average at end ${loadEnd}`);
  console.log(JSON.stringify({
    bench: 'ml', cores, warmup, steps, loadavg_start: loadStart, loadavg_end: loadEnd,
    results, torch: typeof torch === 'string' ? null : torch, ratios, errors
  }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
